package dev.strangler.proxy.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.cache.ResponseCache;
import dev.strangler.proxy.session.SpringSessions;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.RedisServerProcess;
import dev.strangler.testsupport.faults.FaultProxy;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy whose route table, cache, rate limits and sessions live in a Redis of the test's own, which is killed for 30
 * seconds (or, the second case, refused for 5 seconds by a fault proxy in front of it) while traffic flows: routing goes on with the last good table, the cache is bypassed, each rate limit fails
 * open or closed as its route says, a route requiring a session fails closed; and within 2 seconds of Redis accepting
 * connections again the cache stores and serves, the limiter counts and sessions resolve.
 */
@ExtendWith(VertxExtension.class)
class RedisDownIT {

  private static final Logger LOG = LoggerFactory.getLogger(RedisDownIT.class);
  private static final Duration DOWN_FOR = Duration.ofSeconds(30);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(2);
  private static final String ADMIN_TOKEN = "faults-admin-token-0123456789";
  private static final String NAMESPACE = "faults:session";
  private static final String TABLE = """
      {"apiVersion": "strangler/v1",
       "backends": {"legacy": {"urls": ["http://127.0.0.1:%d"]}},
       "routes": [
         {"id": "plain", "match": {"path": "/api/plain"}, "target": "legacy"},
         {"id": "cached", "match": {"path": "/api/cached/**", "methods": ["GET"]}, "target": "legacy", "cache": {"ttl": "5m"}},
         {"id": "limit-open", "match": {"path": "/api/open"}, "target": "legacy",
          "rateLimit": {"rate": "1000/s", "burst": 1000, "key": "ip", "onRedisDown": "open"}},
         {"id": "limit-closed", "match": {"path": "/api/closed"}, "target": "legacy",
          "rateLimit": {"rate": "1000/s", "burst": 1000, "key": "ip", "onRedisDown": "closed"}},
         {"id": "account", "match": {"path": "/api/account"}, "target": "legacy", "requireSession": true}]}
      """;

  /** One request of the traffic: when it started (phase), where it went and what came back. */
  /** {@code phase}: the one the request was sent and answered in, or "transition" when the phase changed meanwhile. */
  private record Sample(long id, String phase, String path, boolean withSession, int status, String cache, String remaining) {}

  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  /** Paths the backend served, by the request's id (a request in flight across a phase change counts in neither). */
  private final Map<Long, String> backendSaw = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile String phase = "up";
  private static final String ID_HEADER = "X-Test-Request";
  private volatile boolean flowing = true;
  private RedisServerProcess redis;
  private ProxyApplication proxy;
  private String cookie;
  private String table;
  private Vertx vertx;
  private int backendPort;
  private FaultProxy faults;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    samples.clear();
    // Persisted on every write, as a production Redis would be: the table and the sessions outlive the crash.
    redis = RedisServerProcess.startWith(List.of("--appendonly", "yes", "--appendfsync", "always"));
    backendPort = vertx.createHttpServer().requestHandler(req -> {
      if (req.getHeader(ID_HEADER) != null) {
        backendSaw.put(Long.parseLong(req.getHeader(ID_HEADER)), req.path());
      }
      req.response().end("backend answered " + req.path());
    }).listen(0, "127.0.0.1").await().actualPort();
    cookie = SpringSessions.cookie(new SpringSessions(redis.endpoint(), NAMESPACE).loggedIn(7, "ada@acme.test", 0));
  }

  /** A proxy keeping its table, cache entries, limits and sessions in the Redis at {@code redisPort}, with the table. */
  private void startProxy(int redisPort) {
    port = FreePort.find();
    String url = "redis://127.0.0.1:" + redisPort + "/0";
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(port)),
        Map.entry("STRANGLER_EVENT_LOOPS", "1"), Map.entry("STRANGLER_ADMIN_HOST", "127.0.0.1"),
        Map.entry("STRANGLER_ADMIN_PORT", "0"), Map.entry("STRANGLER_ADMIN_TOKEN", ADMIN_TOKEN),
        Map.entry("STRANGLER_REDIS_URL", url), Map.entry("STRANGLER_DEBUG_HEADERS", "true"),
        Map.entry("STRANGLER_SESSION_NAMESPACE", NAMESPACE),
        Map.entry("STRANGLER_IDENTITY_KEY", "faults-identity-key-0123456789abcdef"))));
    proxy.start().await();
    table = TABLE.formatted(backendPort);
    HttpResponse<String> put = putTable(table);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.live().current().epoch() == 1);
  }

  @AfterEach
  void stop() {
    flowing = false;
    if (proxy != null) {
      proxy.stop().await();
    }
    if (faults != null) {
      faults.close();
    }
    redis.close();
  }

  @Test
  void withRedisKilledFor30SecondsRoutingGoesOnEachFeatureFailsAsDocumentedAndAllRecoverWithinTwoSeconds() throws Exception {
    startProxy(redis.port());

    outage("killed", DOWN_FOR, redis::kill, redis::restart);
  }

  @Test
  void withRedisRefusingConnectionsTheSameHoldsAndRecoveryIsAsQuick() throws Exception {
    faults = FaultProxy.to(redis.port());
    startProxy(faults.port());

    // Down at the network: connects refused and open connections reset, while the server and its data stay.
    outage("refused", Duration.ofSeconds(5), () -> faults.down().dropExisting(), faults::clear);
  }

  /** Traffic flows; {@code takeDown} for {@code downFor}; {@code bringBack}; then what the clients saw, and recovery. */
  private void outage(String how, Duration downFor, Runnable takeDown, Runnable bringBack) throws InterruptedException {
    List<Thread> traffic = List.of(Thread.ofVirtual().start(this::traffic), Thread.ofVirtual().start(this::traffic));
    await().atMost(Duration.ofSeconds(10)).until(() -> count("up", "/api/cached/item", "hit") > 0);

    phase = "taking down";
    takeDown.run();
    phase = "down";
    long downSince = System.nanoTime();
    await().pollInterval(Duration.ofMillis(200)).atMost(downFor.plusSeconds(5))
        .until(() -> System.nanoTime() - downSince >= downFor.toNanos());
    long epochWhileDown = proxy.live().current().epoch();
    phase = "bringing back";
    bringBack.run();
    long back = System.nanoTime();
    phase = "recovering";
    Recovery recovery = measureRecovery(back);
    Duration tableChangeApplied = measureTableChange(back);
    flowing = false;
    for (Thread t : traffic) {
      t.join(Duration.ofSeconds(10));
    }

    LOG.info("Redis {} for {} s: {} requests while down ({}), recovery after Redis accepted connections again: {}", how,
        downFor.toSeconds(), samples.stream().filter(s -> s.phase().equals("down")).count(), summary("down"), recovery);
    LOG.info("Redis {}: a table change made after Redis came back was applied {} ms after Redis accepted connections again", how,
        tableChangeApplied.toMillis());
    List<Sample> down = samples.stream().filter(s -> s.phase().equals("down")).toList();
    assertThat(down).hasSizeGreaterThan(100);
    assertThat(of(down, "/api/plain", false)).isNotEmpty().allMatch(s -> s.status() == 200);
    assertThat(of(down, "/api/cached/item", false)).isNotEmpty().allMatch(s -> s.status() == 200 && "bypass".equals(s.cache()));
    assertThat(of(down, "/api/open", false)).isNotEmpty().allMatch(s -> s.status() == 200);
    assertThat(of(down, "/api/closed", false)).isNotEmpty().allMatch(s -> s.status() == 503);
    assertThat(of(down, "/api/account", true)).isNotEmpty().allMatch(s -> s.status() == 503);
    assertThat(of(down, "/api/account", false)).isNotEmpty().allMatch(s -> s.status() == 401);
    assertThat(down.stream().map(s -> backendSaw.get(s.id())).filter(java.util.Objects::nonNull).toList())
        .as("the backend of a route requiring a session, while down")
        .contains("/api/plain", "/api/cached/item").doesNotContain("/api/account", "/api/closed");
    assertThat(epochWhileDown).as("the last good table kept serving").isEqualTo(1);
  }

  /** Writes a new table (epoch 2) and waits until this proxy applies it; the time since Redis came back. */
  private Duration measureTableChange(long back) {
    HttpResponse<String> put = putTable(table.replace("\"/api/plain\"", "\"/api/plain2\""));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> proxy.live().current().epoch() == 2);
    return Duration.ofNanos(System.nanoTime() - back);
  }

  /** Polls until the cache serves a key stored after Redis came back, the limiter counts and a session resolves. */
  private Recovery measureRecovery(long back) {
    long[] at = {-1, -1, -1};
    await().atMost(RECOVERY_BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
      long now = System.nanoTime() - back;
      if (at[0] < 0 && "hit".equals(get("/api/cached/after-restart", false, 0).headers().firstValue(ResponseCache.DEBUG_HEADER).orElse(""))) {
        at[0] = now;
      }
      HttpResponse<String> limited = get("/api/closed", false, 0);
      if (at[1] < 0 && limited.statusCode() == 200 && limited.headers().firstValue("RateLimit-Remaining").isPresent()) {
        at[1] = now;
      }
      if (at[2] < 0 && get("/api/account", true, 0).statusCode() == 200) {
        at[2] = now;
      }
      return at[0] >= 0 && at[1] >= 0 && at[2] >= 0;
    });
    return new Recovery(Duration.ofNanos(at[0]), Duration.ofNanos(at[1]), Duration.ofNanos(at[2]));
  }

  /** How long after Redis accepted connections again each feature worked again. */
  private record Recovery(Duration cacheHit, Duration limiterCounts, Duration sessionResolves) {
    @Override
    public String toString() {
      return "cache hit after %d ms, limiter counting after %d ms, session resolved after %d ms".formatted(
          cacheHit.toMillis(), limiterCounts.toMillis(), sessionResolves.toMillis());
    }
  }

  private void traffic() {
    String[][] calls = {{"/api/plain", "n"}, {"/api/cached/item", "n"}, {"/api/open", "n"}, {"/api/closed", "n"},
        {"/api/account", "y"}, {"/api/account", "n"}};
    for (int i = 0; flowing; i++) {
      String[] call = calls[i % calls.length];
      String started = phase;
      boolean withSession = call[1].equals("y");
      try {
        long id = ids.incrementAndGet();
        HttpResponse<String> r = get(call[0], withSession, id);
        String in = started.equals(phase) ? started : "transition";
        samples.add(new Sample(id, in, call[0], withSession, r.statusCode(),
            r.headers().firstValue(ResponseCache.DEBUG_HEADER).orElse(null), r.headers().firstValue("RateLimit-Remaining").orElse(null)));
      } catch (RuntimeException e) {
        samples.add(new Sample(-1, started.equals(phase) ? started : "transition", call[0], withSession, -1, null, null));
      }
    }
  }

  private HttpResponse<String> putTable(String text) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.adminPort() + "/admin/routes"))
        .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(text)).build());
  }

  private HttpResponse<String> get(String path, boolean withSession, long id) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .header(ID_HEADER, Long.toString(id));
    if (withSession) {
      request.header("Cookie", "SESSION=" + cookie);
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long count(String inPhase, String path, String cache) {
    return samples.stream().filter(s -> s.phase().equals(inPhase) && s.path().equals(path) && cache.equals(s.cache())).count();
  }

  private static List<Sample> of(List<Sample> samples, String path, boolean withSession) {
    return samples.stream().filter(s -> s.path().equals(path) && s.withSession() == withSession).toList();
  }

  /** Statuses per path (and session) in a phase, for the log. */
  private Map<String, Map<Integer, Long>> summary(String inPhase) {
    return samples.stream().filter(s -> s.phase().equals(inPhase)).collect(java.util.stream.Collectors.groupingBy(
        s -> s.path() + (s.withSession() ? "+session" : ""), java.util.TreeMap::new,
        java.util.stream.Collectors.groupingBy(Sample::status, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
  }
}
