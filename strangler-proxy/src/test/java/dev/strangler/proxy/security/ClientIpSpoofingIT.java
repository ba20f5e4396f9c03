package dev.strangler.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.observe.LogLines;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client claiming another address through any header other proxies and CDNs use for it: the proxy's idea of the
 * client (the per-IP rate limit key, the X-Forwarded-For and Forwarded it sends) stays the peer's address, and behind
 * N trusted load balancers only their N entries count. The access log records that address, never a claimed one.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ClientIpSpoofingIT {

  /** Every header a client may try; the values are addresses the attacker does not have. */
  private static final List<String> SPOOFED = List.of("X-Forwarded-For", "X-Real-IP", "X-Client-IP", "True-Client-IP",
      "CF-Connecting-IP", "Fastly-Client-IP", "X-Cluster-Client-IP", "X-Original-Forwarded-For");
  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - {id: search, match: {path: /api/search}, target: legacy, rateLimit: {rate: 1/m, burst: 2, key: ip, onRedisDown: closed}}
        - {id: products, match: {path: /api/products/**}, target: legacy}
      """;

  private Vertx vertx;
  private RedisNamespace ns;
  private EchoBackend backend;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    backend = EchoBackend.start(vertx);
  }

  @Test
  void atTheEdgeNoClientSuppliedAddressReachesTheBackendOrTheAccessLog() {
    ProxyOnLoopback proxy = proxy(0);

    try (LogLines access = LogLines.access()) {
      proxy.get("/api/products/1", spoofed("6.6.6.6", "Forwarded", "for=6.6.6.6;proto=https"));

      assertThat(clientLogged(access, "/api/products/1")).isEqualTo("127.0.0.1");
    }
    MultiMap seen = backend.last().headers();
    assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.get("Forwarded")).startsWith("for=127.0.0.1;proto=http;");
    SPOOFED.stream().filter(h -> !h.equals("X-Forwarded-For")).forEach(h -> assertThat(seen.get(h)).as(h).isNull());
  }

  @Test
  void aSpoofedAddressOnEveryRequestDoesNotEscapeThePerAddressLimit() {
    ProxyOnLoopback proxy = proxy(0);

    int first = proxy.get("/api/search", spoofed("6.6.6.1")).status();
    int second = proxy.get("/api/search", spoofed("6.6.6.2")).status();
    int third = proxy.get("/api/search", spoofed("6.6.6.3")).status();

    assertThat(List.of(first, second, third)).containsExactly(200, 200, 429);
  }

  @Test
  void behindOneTrustedLoadBalancerOnlyItsEntryIsTheClientAndTheOtherHeadersStillGo() {
    ProxyOnLoopback proxy = proxy(1);

    try (LogLines access = LogLines.access()) {
      proxy.get("/api/products/1", spoofed("6.6.6.6, 203.0.113.7"));

      assertThat(clientLogged(access, "/api/products/1")).as("the balancer's entry, in the access log").isEqualTo("203.0.113.7");
    }
    MultiMap seen = backend.last().headers();
    assertThat(seen.get("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
    assertThat(seen.get("Forwarded")).startsWith("for=203.0.113.7, for=127.0.0.1;");
    SPOOFED.stream().filter(h -> !h.equals("X-Forwarded-For")).forEach(h -> assertThat(seen.get(h)).as(h).isNull());
  }

  @Test
  void behindOneTrustedLoadBalancerEntriesAddedBeforeItsOwnDoNotChangeTheLimitKey() {
    ProxyOnLoopback proxy = proxy(1);

    int first = proxy.get("/api/search", spoofed("6.6.6.1, 203.0.113.7")).status();
    int second = proxy.get("/api/search", spoofed("6.6.6.2, 203.0.113.7")).status();
    int third = proxy.get("/api/search", spoofed("10.0.0.1, 6.6.6.3, 203.0.113.7")).status();
    int otherClient = proxy.get("/api/search", "X-Forwarded-For", "203.0.113.8").status();

    assertThat(List.of(first, second, third)).containsExactly(200, 200, 429);
    assertThat(otherClient).as("another client behind the balancer has its own limit").isEqualTo(200);
  }

  private ProxyOnLoopback proxy(int trustedHops) {
    return ProxyOnLoopback.start(vertx, TABLE.formatted(backend.uri()), null,
        RateLimitOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)), null,
        trustedHops);
  }

  /** The client address of the one access log line for {@code path}, once it is written (the response's end). */
  private static String clientLogged(LogLines access, String path) {
    await().atMost(Duration.ofSeconds(5)).until(() -> access.lines().stream().anyMatch(l -> path.equals(l.getString("path"))));
    return access.lines().stream().filter(l -> path.equals(l.getString("path"))).map(l -> l.getString("client"))
        .reduce((a, b) -> { throw new AssertionError("more than one line for " + path); }).orElseThrow();
  }

  /** Every spoofable header set to {@code address}, then {@code more} name/value pairs. */
  private static String[] spoofed(String address, String... more) {
    String[] headers = new String[SPOOFED.size() * 2 + more.length];
    for (int i = 0; i < SPOOFED.size(); i++) {
      headers[2 * i] = SPOOFED.get(i);
      headers[2 * i + 1] = address;
    }
    System.arraycopy(more, 0, headers, SPOOFED.size() * 2, more.length);
    return headers;
  }
}
