package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.shadow.ShadowOutcomes;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A proxy started from its settings records shadow results to Redis and serves them on its admin API and metrics. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowAdminApiIT {

  private static final String WRITER = "writer-token-0123456789";
  static final String READER = "reader-token-0123456789";

  private Vertx vertx;
  private ProxyApplication proxy;
  private HttpClient client;

  private record Reply(int status, String contentType, JsonObject json, String text) {}

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://127.0.0.1:18081"]}, catalog: {urls: ["http://127.0.0.1:18082"]}}
        routes:
          - id: catalog-read
            match: {path: /api/products/**, methods: [GET]}
            target: legacy
          - id: orders
            match: {path: /api/orders/**}
            target: legacy
        """);
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(settings(ns, routes, FreePort.find())));
    proxy.start().await();
    client = vertx.createHttpClient();
  }

  /** A proxy on {@code port} following {@code routes}, its admin API on a free port, results in {@code ns} flushed often. */
  static Map<String, String> settings(RedisNamespace ns, Path routes, int port) {
    return Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(port)),
        Map.entry("STRANGLER_EVENT_LOOPS", "1"), Map.entry("STRANGLER_ROUTES_FILE", routes.toString()),
        Map.entry("STRANGLER_ADMIN_HOST", "127.0.0.1"), Map.entry("STRANGLER_ADMIN_PORT", "0"),
        Map.entry("STRANGLER_ADMIN_TOKEN", WRITER), Map.entry("STRANGLER_ADMIN_READ_TOKEN", READER),
        Map.entry("STRANGLER_REDIS_PREFIX", ns.prefix()), Map.entry("STRANGLER_SHADOW_RESULTS_REDIS_URL", ns.endpoint().uri()),
        Map.entry("STRANGLER_SHADOW_RESULTS_FLUSH_MS", "50"));
  }

  @AfterEach
  void stop() {
    proxy.stop().await();
  }

  @Test
  void everyRoutesSummaryIsReadWithTheReadToken() {
    ShadowResults results = proxy.shadowResults();
    for (int i = 0; i < 9; i++) {
      results.compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(10), Duration.ofMillis(12)));
    }
    results.compared(ShadowOutcomes.mismatch("catalog-read", "/items/2/price"));
    results.compared(ShadowOutcomes.skipped("orders"));
    results.dropped("orders", ShadowResults.DropReason.UNSAFE);
    awaitCompared("catalog-read", 10);
    awaitCompared("orders", 1);

    Reply reply = call(HttpMethod.GET, "/admin/shadow", READER);

    assertThat(reply.status).isEqualTo(200);
    JsonArray routes = reply.json.getJsonArray("routes");
    assertThat(routes.stream().map(r -> ((JsonObject) r).getString("route"))).containsExactly("catalog-read", "orders");
    JsonObject catalog = routes.getJsonObject(0);
    assertThat(catalog.getLong("matched")).isEqualTo(9);
    assertThat(catalog.getDouble("matchRate")).isEqualTo(0.9);
    assertThat(catalog.getJsonObject("legacy").getDouble("p50Ms")).isBetween(10 / 1.19, 10 * 1.19);
    assertThat(catalog.getJsonObject("candidate").getDouble("p50Ms")).isBetween(12 / 1.19, 12 * 1.19);
    assertThat(catalog.getJsonObject("candidate").getDouble("errorRate")).isEqualTo(0.0);
    assertThat(catalog.getJsonArray("topPaths")).containsExactly(new JsonObject().put("path", "/items/*/price").put("count", 1));
    assertThat(catalog.getString("since")).isNotNull();
    assertThat(routes.getJsonObject(1).getJsonObject("dropped")).isEqualTo(new JsonObject().put("unsafe", 1));
  }

  @Test
  void oneRouteComesWithItsRecentMismatchesNewestFirstUpToTheLimit() {
    for (int i = 0; i < 4; i++) {
      proxy.shadowResults().compared(ShadowOutcomes.mismatch("catalog-read", "/items/" + i + "/price"));
      proxy.shadowResults().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5)));
    }
    awaitCompared("catalog-read", 8);

    Reply reply = call(HttpMethod.GET, "/admin/shadow/catalog-read?limit=2", READER);

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.json.getLong("mismatched")).isEqualTo(4);
    JsonArray recent = reply.json.getJsonArray("recentMismatches");
    assertThat(recent).hasSize(2);
    assertThat(recent.getJsonObject(0).getJsonArray("diffs").getJsonObject(0))
        .isEqualTo(new JsonObject().put("kind", "CHANGED").put("path", "/items/3/price").put("legacy", "\"2.50\"").put("candidate", "\"2.5\""));
    assertThat(recent.getJsonObject(0).getString("legacySample")).isEqualTo(ShadowOutcomes.LEGACY_BODY);
    assertThat(recent.getJsonObject(0).getString("candidateSample")).isEqualTo(ShadowOutcomes.CANDIDATE_BODY);
    assertThat(recent.getJsonObject(1).getJsonArray("diffs").getJsonObject(0).getString("path")).isEqualTo("/items/2/price");
  }

  @Test
  void theWriterResetsARouteAndItCountsFromThen() {
    proxy.shadowResults().compared(ShadowOutcomes.mismatch("catalog-read", "/name"));
    awaitCompared("catalog-read", 1);

    ch.qos.logback.classic.Logger audit = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("strangler.audit");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> audited = new ch.qos.logback.core.read.ListAppender<>();
    audited.start();
    audit.addAppender(audited);
    Reply reset;
    try {
      reset = call(HttpMethod.DELETE, "/admin/shadow/catalog-read", WRITER);
    } finally {
      audit.detachAppender(audited);
    }

    assertThat(reset.status).isEqualTo(200);
    assertThat(audited.list).singleElement().satisfies(event -> {
      JsonObject line = new JsonObject(event.getFormattedMessage());
      assertThat(line.getString("action")).isEqualTo("reset shadow results catalog-read");
      assertThat(line.getString("actor")).isEqualTo("admin");
      assertThat(line.getJsonObject("before").getLong("compared")).isEqualTo(1);
      assertThat(line.getJsonObject("after").getString("since")).isEqualTo(reset.json.getString("since"));
    });
    Reply after = call(HttpMethod.GET, "/admin/shadow/catalog-read", READER);
    assertThat(after.json.getLong("compared")).isZero();
    assertThat(after.json.getString("since")).isEqualTo(reset.json.getString("since"));
    assertThat(after.json.getJsonArray("recentMismatches")).isEmpty();
    assertThat(after.json.getJsonArray("topPaths")).isEmpty();
  }

  @Test
  void withoutATokenNothingIsReadAndTheReadTokenCannotReset() {
    assertThat(call(HttpMethod.GET, "/admin/shadow", null).status).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/admin/shadow/catalog-read", null).status).isEqualTo(401);
    assertThat(call(HttpMethod.DELETE, "/admin/shadow/catalog-read", null).status).isEqualTo(401);
    Reply readOnly = call(HttpMethod.DELETE, "/admin/shadow/catalog-read", READER);
    assertThat(readOnly.status).isEqualTo(403);
    assertThat(readOnly.contentType).isEqualTo("application/problem+json");
  }

  @Test
  void aResetNeedsNoBodyButOneThatIsNotJsonIsRefused() {
    Reply withText = OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.DELETE).setHost("127.0.0.1")
            .setPort(proxy.adminPort()).setURI("/admin/shadow/catalog-read").putHeader("Authorization", "Bearer " + WRITER)
            .putHeader("Content-Type", "text/plain"))
        .compose(req -> req.send("please").compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(),
            resp.getHeader("Content-Type"), b.toJsonObject(), b.toString())))));

    assertThat(withText.status).isEqualTo(415);
    assertThat(withText.contentType).isEqualTo("application/problem+json");
    assertThat(call(HttpMethod.DELETE, "/admin/shadow/catalog-read", WRITER).status).isEqualTo(200);
  }

  @Test
  void anUnknownRouteWithoutResultsIsA404ProblemAndAKnownOneWithoutResultsIsEmpty() {
    Reply unknown = call(HttpMethod.GET, "/admin/shadow/no-such-route", READER);
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.contentType).isEqualTo("application/problem+json");
    assertThat(unknown.json.getString("detail")).isEqualTo("no route 'no-such-route' in the route table and no shadow results for it");
    assertThat(call(HttpMethod.DELETE, "/admin/shadow/no-such-route", WRITER).status).isEqualTo(404);

    Reply known = call(HttpMethod.GET, "/admin/shadow/orders", READER);
    assertThat(known.status).isEqualTo(200);
    assertThat(known.json.getLong("compared")).isZero();
  }

  @Test
  void badInputIsA400Problem() {
    Reply limit = call(HttpMethod.GET, "/admin/shadow/catalog-read?limit=0", READER);
    assertThat(limit.status).isEqualTo(400);
    assertThat(limit.json.getString("detail")).isEqualTo("limit: a whole number from 1 to 100");
    Reply route = call(HttpMethod.GET, "/admin/shadow/%2Fetc", READER);
    assertThat(route.status).isEqualTo(400);
    assertThat(route.contentType).isEqualTo("application/problem+json");
  }

  @Test
  void theMetricsCountComparisonsDropsErrorsAndLatencyPerSide() {
    proxy.shadowResults().compared(ShadowOutcomes.candidateFailed("catalog-read", Duration.ofMillis(30)));
    proxy.shadowResults().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(6)));
    proxy.shadowResults().dropped("catalog-read", ShadowResults.DropReason.BODY_TOO_LARGE);

    String metrics = call(HttpMethod.GET, "/admin/metrics", READER).text;

    assertThat(metrics)
        .contains("strangler_shadow_comparisons_total{outcome=\"mismatch\",route=\"catalog-read\"} 1.0")
        .contains("strangler_shadow_comparisons_total{outcome=\"match\",route=\"catalog-read\"} 1.0")
        .contains("strangler_shadow_dropped_total{reason=\"body_too_large\",route=\"catalog-read\"} 1.0")
        .contains("strangler_shadow_errors_total{route=\"catalog-read\",side=\"candidate\"} 1.0")
        .contains("strangler_shadow_latency_seconds_count{route=\"catalog-read\",side=\"legacy\"} 2")
        .contains("strangler_shadow_latency_seconds_bucket{route=\"catalog-read\",side=\"candidate\",le=");
  }

  @Test
  void sandboxedComparisonsAreCountedInTheSummaryMarkedInRecentMismatchesAndInTheirOwnMetric() {
    proxy.shadowResults().compared(ShadowOutcomes.sandboxed(ShadowOutcomes.mismatch("orders", "/status")));
    proxy.shadowResults().compared(ShadowOutcomes.sandboxed(ShadowOutcomes.match("orders", Duration.ofMillis(5), Duration.ofMillis(6))));
    proxy.shadowResults().compared(ShadowOutcomes.mismatch("catalog-read", "/name"));
    awaitCompared("orders", 2);
    awaitCompared("catalog-read", 1);

    Reply orders = call(HttpMethod.GET, "/admin/shadow/orders", READER);
    Reply catalog = call(HttpMethod.GET, "/admin/shadow/catalog-read", READER);
    String metrics = call(HttpMethod.GET, "/admin/metrics", READER).text;

    assertThat(orders.json.getLong("sandboxed")).isEqualTo(2);
    assertThat(orders.json.getJsonArray("recentMismatches").getJsonObject(0).getBoolean("sandboxed")).isTrue();
    assertThat(catalog.json.getLong("sandboxed")).isZero();
    assertThat(catalog.json.getJsonArray("recentMismatches").getJsonObject(0).containsKey("sandboxed")).isFalse();
    assertThat(metrics)
        .contains("strangler_shadow_sandboxed_comparisons_total{outcome=\"mismatch\",route=\"orders\"} 1.0")
        .contains("strangler_shadow_sandboxed_comparisons_total{outcome=\"match\",route=\"orders\"} 1.0")
        .contains("strangler_shadow_comparisons_total{outcome=\"mismatch\",route=\"orders\"} 1.0")
        .doesNotContain("strangler_shadow_sandboxed_comparisons_total{outcome=\"mismatch\",route=\"catalog-read\"}");
  }

  private void awaitCompared(String route, long count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      Reply reply = call(HttpMethod.GET, "/admin/shadow/" + route, READER);
      return reply.status == 200 && reply.json.getLong("compared") == count;
    });
  }

  private Reply call(HttpMethod method, String path, String token) {
    return OnVertx.await(vertx, () -> {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxy.adminPort()).setURI(path);
      if (token != null) {
        options.putHeader("Authorization", "Bearer " + token);
      }
      return client.request(options).compose(req -> req.send().compose(resp -> resp.body().map(body -> {
        String type = resp.getHeader("Content-Type");
        boolean json = type != null && type.contains("json");
        return new Reply(resp.statusCode(), type, json ? body.toJsonObject() : null, body.toString());
      })));
    });
  }
}
