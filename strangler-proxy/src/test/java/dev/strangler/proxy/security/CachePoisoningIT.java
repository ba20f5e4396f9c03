package dev.strangler.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.edge.RawHttp;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Web cache poisoning: an attacker sends a header (or a body) the cache key does not hold to a backend that reflects
 * it, hoping the answer is stored for everyone. After each attack a normal user asks for the same URL; whatever the
 * cache gives them never carries the attacker's marker. And an answer setting a cookie is never stored.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CachePoisoningIT {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: products
          match: {path: /api/products/**, methods: [GET, HEAD]}
          target: legacy
          cache: {ttl: 30s, vary: [Accept-Language]}
      """;
  private static final AtomicInteger PATHS = new AtomicInteger();

  private ProxyOnLoopback proxy;
  private EchoBackend backend;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    backend = EchoBackend.start(vertx);
    proxy = ProxyOnLoopback.start(vertx, TABLE.formatted(backend.uri()),
        CacheOptions.defaults(ns.endpoint().uri()).withPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)), null);
  }

  /** Each attack: header lines (or a body) carrying {@code MARKER}, which the test replaces with a unique one. */
  static Stream<Arguments> unkeyedInputs() {
    return Stream.of(
        attack("X-Forwarded-Host", "X-Forwarded-Host: MARKER.example\r\n"),
        attack("X-Forwarded-Proto", "X-Forwarded-Proto: MARKER\r\n"),
        attack("X-Forwarded-Scheme", "X-Forwarded-Scheme: MARKER\r\n"),
        attack("X-Forwarded-Prefix", "X-Forwarded-Prefix: /MARKER\r\n"),
        attack("X-Forwarded-Port and X-Forwarded-Ssl", "X-Forwarded-Port: 1MARKER\r\nX-Forwarded-Ssl: MARKER\r\n"),
        attack("Forwarded host", "Forwarded: for=1.2.3.4;host=MARKER.example;proto=https\r\n"),
        attack("X-Url-Scheme and Front-End-Https", "X-Url-Scheme: MARKER\r\nFront-End-Https: MARKER\r\n"),
        attack("X-Original-URL", "X-Original-URL: /MARKER\r\n"),
        attack("X-Rewrite-URL", "X-Rewrite-URL: /MARKER\r\n"),
        attack("X-HTTP-Method-Override", "X-HTTP-Method-Override: MARKER\r\nX-HTTP-Method: MARKER\r\nX-Method-Override: MARKER\r\n"),
        attack("the proxy's own namespace", "X-Strangler-Identity: MARKER\r\nX-Strangler-Route: MARKER\r\n"),
        attack("a header named in Connection", "Connection: X-Forwarded-For\r\nX-Forwarded-For: MARKER\r\n"),
        attack("Accept-Encoding (the backend says Vary)", "Accept-Encoding: MARKER\r\n"),
        attack("a fat GET body", "Content-Length: 10\r\n\r\nMARKER"),
        attack("a chunked GET body", "Transfer-Encoding: chunked\r\n\r\na\r\nMARKER\r\n0\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unkeyedInputs")
  void aNormalUserNeverReceivesTheAttackersMarker(String attack, String lines) throws IOException {
    String path = "/api/products/" + PATHS.incrementAndGet();
    String marker = "evil%06d".formatted(PATHS.get()); // always 10 bytes: the body attacks' lengths say so
    String head = lines.replace("MARKER", marker);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.port()
        + "\r\nConnection: close\r\n" + head
        + (head.contains("\r\n\r\n") ? "" : "\r\n");

    RawHttp.Reply attacker = RawHttp.exchange(proxy.port(), request, 2_000);
    ProxyOnLoopback.Reply user = proxy.get(path);
    ProxyOnLoopback.Reply again = proxy.get(path);

    assertThat(attacker.status()).as(attacker.text()).isBetween(200, 499);
    assertThat(user.status()).isEqualTo(200);
    assertThat(user.body()).as("the user's answer").doesNotContain(marker);
    assertThat(again.body()).as("the user's next answer").doesNotContain(marker);
    assertThat(again.header("X-Strangler-Cache")).as("the cache still works").isEqualTo("hit");
  }

  @Test
  void anAnswerSettingACookieIsNeverStoredNorItsCookieGivenToAnotherUser() {
    ProxyOnLoopback.Reply first = proxy.get("/api/products/set-cookie/1");
    ProxyOnLoopback.Reply second = proxy.get("/api/products/set-cookie/1");

    assertThat(first.header("Set-Cookie")).startsWith("SESSION=backend-");
    assertThat(second.header("X-Strangler-Cache")).isEqualTo("miss");
    assertThat(second.header("Set-Cookie")).isNotEqualTo(first.header("Set-Cookie"));
    assertThat(backend.requests()).hasSize(2);
  }

  private static Arguments attack(String name, String lines) {
    return Arguments.of(name, lines);
  }
}
