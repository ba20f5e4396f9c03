package dev.strangler.proxy.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.ProxySettings;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Future;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Two proxy processes' worth of wiring on one Redis, flipped through one of them while traffic flows through both. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class FleetFlipIT {

  private static final String TOKEN = "fleet-admin-token-0123456789";
  /** Large enough that a truncated or mixed body would show. */
  private static final int PAYLOAD = 16 * 1024;
  /** Far longer than any answer here takes, shorter than the test's own patience. */
  private static final long REQUEST_TIMEOUT_MS = 10_000;

  @Test
  void aFlipThroughOneInstanceIsAppliedByTheOtherWithinOneSecondAndTwentyFlipsUnderLoadServeEveryResponseWhole(
      Vertx vertx, RedisNamespace ns) {
    HttpServer legacy = backend(vertx, "legacy");
    HttpServer catalog = backend(vertx, "catalog");
    Instance a = start(vertx, ns, "a");
    Instance b = start(vertx, ns, "b");
    HttpClient client = vertx.createHttpClient();
    String table = """
        {"apiVersion": "strangler/v1",
         "backends": {"legacy": {"urls": ["http://127.0.0.1:%d"]}, "catalog": {"urls": ["http://127.0.0.1:%d"]}},
         "routes": [{"id": "catalog-read", "match": {"path": "/api/products/**"}, "target": "legacy"}]}
        """.formatted(legacy.actualPort(), catalog.actualPort());
    assertThat(admin(vertx, client, a, HttpMethod.PUT, "/admin/routes", table).getLong("epoch")).isEqualTo(1);

    JsonObject flip = admin(vertx, client, a, HttpMethod.POST, "/admin/routes/catalog-read/flip?wait=true", "{\"target\": {\"extracted\": \"catalog\"}}");

    assertThat(flip.getLong("epoch")).isEqualTo(2);
    assertThat(flip.getJsonObject("fleet").getBoolean("allApplied")).isTrue();
    await().atMost(Duration.ofSeconds(1)).until(() -> b.app.live().current().epoch() == 2);
    assertThat(a.app.live().current().epoch()).isEqualTo(2);
    assertThat(get(vertx, client, b.port, "/api/products/1").backend).isEqualTo("catalog");

    // Bounded load through both instances while the route flips twenty times.
    AtomicBoolean running = new AtomicBoolean(true);
    List<Reply> replies = new CopyOnWriteArrayList<>();
    List<Future<Void>> loops = new java.util.ArrayList<>();
    for (int port : new int[] {a.port, a.port, b.port, b.port}) {
      // Started on a Vert.x context: the client must not be called from the test thread (see OnVertx).
      io.vertx.core.Promise<Void> loop = io.vertx.core.Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> load(client, port, running, replies).onComplete(loop));
      loops.add(loop.future());
    }
    long slowestApplyNanos = 0;
    for (int i = 0; i < 20; i++) {
      String target = i % 2 == 0 ? "\"legacy\"" : "{\"extracted\": \"catalog\"}";
      long epoch = admin(vertx, client, i % 2 == 0 ? a : b, HttpMethod.POST, "/admin/routes/catalog-read/flip",
          "{\"target\": " + target + ", \"reason\": \"flip " + i + "\"}").getLong("epoch");
      long published = System.nanoTime();
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(2))
          .until(() -> a.app.live().current().epoch() >= epoch && b.app.live().current().epoch() >= epoch);
      slowestApplyNanos = Math.max(slowestApplyNanos, System.nanoTime() - published);
      int seen = replies.size();
      await().atMost(Duration.ofSeconds(2)).until(() -> replies.size() >= seen + 20);
    }
    running.set(false);
    OnVertx.await(vertx, () -> Future.all(loops));

    LoggerFactory.getLogger(FleetFlipIT.class).info("20 flips: {} responses, slowest fleet-wide apply {} ms",
        replies.size(), slowestApplyNanos / 1_000_000);
    assertThat(replies).hasSizeGreaterThan(400);
    assertThat(replies).allSatisfy(r -> {
      assertThat(r.status).isEqualTo(200);
      assertThat(r.backend).isIn("legacy", "catalog");
      assertThat(r.whole).as("body came whole from one backend").isTrue();
    });
    Map<String, AtomicInteger> bySide = new ConcurrentHashMap<>();
    replies.forEach(r -> bySide.computeIfAbsent(r.backend, k -> new AtomicInteger()).incrementAndGet());
    assertThat(bySide).containsOnlyKeys("legacy", "catalog");
    assertThat(a.app.live().current().epoch()).isEqualTo(22);
    assertThat(b.app.live().current().epoch()).isEqualTo(22);
    a.app.stop().await();
    b.app.stop().await();
  }

  private record Instance(ProxyApplication app, int port, int adminPort) {}

  private record Reply(int status, String backend, boolean whole) {}

  private static Instance start(Vertx vertx, RedisNamespace ns, String id) {
    int port = FreePort.find();
    int adminPort = FreePort.find();
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_ADMIN_PORT", String.valueOf(adminPort), "STRANGLER_ADMIN_TOKEN", TOKEN,
        "STRANGLER_REDIS_URL", ns.endpoint().uri(), "STRANGLER_REDIS_PREFIX", ns.prefix(),
        "STRANGLER_INSTANCE_ID", id, "STRANGLER_EVENT_LOOPS", "1",
        // Extracted backends are owed a signed identity: without a key the flip to one is refused.
        "STRANGLER_IDENTITY_KEY", "fleet-identity-key-0123456789abcdef0123"));
    return new Instance(new ProxyApplication(vertx, settings).start().await(), port, adminPort);
  }

  /** A backend whose every body is {@code PAYLOAD} bytes of its own name, so a mix or a cut shows. */
  private static HttpServer backend(Vertx vertx, String name) {
    String body = name.repeat(PAYLOAD / name.length() + 1).substring(0, PAYLOAD);
    return vertx.createHttpServer().requestHandler(req -> req.response()
            .putHeader("X-Backend", name).end(body))
        .listen(0, "127.0.0.1").await();
  }

  /**
   * Requests one after another until {@code running} is cleared, then completes. Each next request starts from the last one's
   * callback rather than being composed onto it: a chain of thousands of nested futures would complete by recursing that deep
   * when the loop ends. A request unanswered for {@link #REQUEST_TIMEOUT_MS} is recorded as a failure, not waited for forever.
   */
  private static Future<Void> load(HttpClient client, int port, AtomicBoolean running, List<Reply> replies) {
    io.vertx.core.Promise<Void> stopped = io.vertx.core.Promise.promise();
    next(client, port, running, replies, stopped);
    return stopped.future();
  }

  private static void next(HttpClient client, int port, AtomicBoolean running, List<Reply> replies,
                           io.vertx.core.Promise<Void> stopped) {
    if (!running.get()) {
      stopped.complete();
      return;
    }
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/api/products/1")
            .setIdleTimeout(REQUEST_TIMEOUT_MS))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> {
          String backend = resp.getHeader("X-Backend");
          String expected = backend == null ? "" : backend.repeat(PAYLOAD / backend.length() + 1).substring(0, PAYLOAD);
          return new Reply(resp.statusCode(), backend, body.toString().equals(expected));
        }))
        .onComplete(ar -> {
          replies.add(ar.succeeded() ? ar.result() : new Reply(-1, "failed through port " + port + ": " + ar.cause(), false));
          next(client, port, running, replies, stopped);
        });
  }

  private static Reply get(Vertx vertx, HttpClient client, int port, String uri) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("X-Backend"), true))));
  }

  private static JsonObject admin(Vertx vertx, HttpClient client, Instance instance, HttpMethod method, String uri, String body) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(instance.adminPort).setURI(uri)
            .putHeader("Authorization", "Bearer " + TOKEN).putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() != 200) {
            throw new AssertionError("admin " + uri + " answered " + resp.statusCode() + ": " + b);
          }
          return b.toJsonObject();
        }))
        );
  }
}
