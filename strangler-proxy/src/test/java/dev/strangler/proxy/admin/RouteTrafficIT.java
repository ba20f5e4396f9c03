package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.observe.LogLines;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route traffic on real proxies (loopback, real fake backends, real Redis): per route, the requests each side served as
 * the routing decision chose it, errors (5xx, fallbacks), fleet-wide across instances, and a reset.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RouteTrafficIT {

  private static final String WRITER = "writer-token-0123456789";
  private static final String READER = ShadowAdminApiIT.READER;

  private Vertx vertx;
  private RedisNamespace ns;
  private Path routes;
  private ProxyApplication proxy;
  private int port;
  private HttpClient client;

  private record Reply(int status, String backend, JsonObject json) {}

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    this.ns = ns;
    int legacy = backend(req -> req.response().setStatusCode(req.path().endsWith("/legacy-boom") ? 500 : 200).end("legacy"));
    int catalog = backend(req -> req.response().setStatusCode(req.path().endsWith("/boom") ? 500 : 200).end("catalog"));
    routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
          gone: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - id: catalog-read
            match: {path: /api/products/**, methods: [GET]}
            target: {canary: {backend: catalog, percent: 40, cohort: "header:X-Cohort"}}
          - {id: reviews, match: {path: /api/reviews/**}, target: {extracted: catalog}}
          - {id: search, match: {path: /api/search}, target: {extracted: gone}, fallbackToLegacy: true, sideEffect: safe}
          - {id: old, match: {path: /api/old}, target: {direct: {status: 410}}}
        """.formatted(legacy, catalog, FreePort.find()));
    port = FreePort.find();
    proxy = start(port, "traffic-1");
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    proxy.stop().await();
  }

  @Test
  void aCanaryRoutesRequestsAreCountedBySideAndAddUpToWhatWasSent() {
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // since is kept to the millisecond
    int legacy = 0;
    int extracted = 0;
    for (int i = 0; i < 60; i++) {
      Reply reply = get(port, "/api/products/" + i, "cohort-" + i);
      assertThat(reply.status).isEqualTo(200);
      if ("catalog".equals(reply.backend)) {
        extracted++;
      } else {
        legacy++;
      }
    }
    get(port, "/api/old", null); // answered by the proxy itself: not counted
    assertThat(legacy).as("both sides got cohorts").isPositive();
    assertThat(extracted).isPositive();

    JsonObject traffic = awaitRequests("catalog-read", 60);

    assertThat(traffic.getJsonObject("legacy").getLong("requests")).isEqualTo(legacy);
    assertThat(traffic.getJsonObject("extracted").getLong("requests")).isEqualTo(extracted);
    for (String side : new String[] {"legacy", "extracted"}) {
      JsonObject numbers = traffic.getJsonObject(side);
      assertThat(numbers.getLong("errors")).as(side).isZero();
      assertThat(numbers.getDouble("errorRate")).as(side).isEqualTo(0.0);
      assertThat(numbers.getDouble("p50Ms")).as(side).isPositive();
      assertThat(numbers.getDouble("p99Ms")).as(side).isGreaterThanOrEqualTo(numbers.getDouble("p50Ms"));
    }
    assertThat(Instant.parse(traffic.getString("since"))).as("the first request's end").isBetween(before, Instant.now());
    JsonArray all = admin(HttpMethod.GET, "/admin/traffic", READER).json.getJsonArray("routes");
    assertThat(all.stream().map(r -> ((JsonObject) r).getString("route"))).containsExactly("catalog-read");
    assertThat(all.getJsonObject(0)).isEqualTo(traffic);
  }

  @Test
  void aFiveHundredIsAnErrorOfTheSideThatAnsweredItAndAFallbackIsAnExtractedError() {
    assertThat(get(port, "/api/reviews/1", null).status).isEqualTo(200);
    assertThat(get(port, "/api/reviews/boom", null).status).isEqualTo(500);
    assertThat(get(port, "/api/products/legacy-boom", null).status).as("no cohort: legacy").isEqualTo(500);
    Reply fellBack = get(port, "/api/search", null);
    assertThat(fellBack.status).isEqualTo(200);
    assertThat(fellBack.backend).isEqualTo("legacy");

    JsonObject reviews = awaitRequests("reviews", 2);
    JsonObject search = awaitRequests("search", 1);
    JsonObject catalog = awaitRequests("catalog-read", 1);

    assertThat(reviews.getJsonObject("extracted").getLong("errors")).isEqualTo(1);
    assertThat(reviews.getJsonObject("extracted").getDouble("errorRate")).isEqualTo(0.5);
    assertThat(reviews.getJsonObject("legacy")).isEqualTo(new JsonObject().put("requests", 0).put("errors", 0)
        .put("errorRate", null).put("p50Ms", null).put("p99Ms", null));
    assertThat(search.getJsonObject("extracted").getLong("requests")).as("the routing chose the extracted side").isEqualTo(1);
    assertThat(search.getJsonObject("extracted").getLong("errors")).isEqualTo(1);
    assertThat(search.getJsonObject("legacy").getLong("requests")).isZero();
    assertThat(catalog.getJsonObject("legacy").getLong("errors")).isEqualTo(1);
    assertThat(catalog.getJsonObject("extracted").getLong("requests")).isZero();
  }

  @Test
  void twoProxyInstancesOnTheSameRedisAddUp() {
    int secondPort = FreePort.find();
    ProxyApplication second = start(secondPort, "traffic-2");
    try {
      for (int i = 0; i < 5; i++) {
        assertThat(get(port, "/api/reviews/" + i, null).status).isEqualTo(200);
        assertThat(get(secondPort, "/api/reviews/" + i, null).status).isEqualTo(200);
      }
      second.flushResults().await();

      JsonObject reviews = awaitRequests("reviews", 10);

      assertThat(reviews.getJsonObject("extracted").getLong("requests")).isEqualTo(10);
      assertThat(reviews.getJsonObject("legacy").getLong("requests")).isZero();
    } finally {
      second.stop().await();
    }
  }

  @Test
  void aResetCountsFromNowIsAuditLoggedAndNeedsTheWriterToken() {
    get(port, "/api/reviews/1", null);
    awaitRequests("reviews", 1);
    assertThat(admin(HttpMethod.DELETE, "/admin/traffic/reviews", READER).status).isEqualTo(403);
    assertThat(admin(HttpMethod.DELETE, "/admin/traffic/reviews", null).status).isEqualTo(401);
    assertThat(admin(HttpMethod.GET, "/admin/traffic", null).status).isEqualTo(401);

    LogLines audit = LogLines.audit();
    Reply reset;
    try {
      reset = admin(HttpMethod.DELETE, "/admin/traffic/reviews", WRITER);
    } finally {
      audit.close();
    }

    assertThat(reset.status).isEqualTo(200);
    assertThat(reset.json.getString("route")).isEqualTo("reviews");
    assertThat(audit.lines()).singleElement().satisfies(line -> {
      assertThat(line.getString("action")).isEqualTo("reset route traffic reviews");
      assertThat(line.getJsonObject("before").getJsonObject("extracted").getLong("requests")).isEqualTo(1);
      assertThat(line.getJsonObject("after").getString("since")).isEqualTo(reset.json.getString("since"));
    });
    JsonObject after = admin(HttpMethod.GET, "/admin/traffic/reviews", READER).json;
    assertThat(after.getString("since")).isEqualTo(reset.json.getString("since"));
    assertThat(after.getJsonObject("extracted").getLong("requests")).isZero();
    get(port, "/api/reviews/2", null);
    assertThat(awaitRequests("reviews", 1).getString("since")).isEqualTo(reset.json.getString("since"));
  }

  @Test
  void aRouteWithoutDataHasZeroCountsAndNoSinceAndABadRouteIdIsA400() {
    Reply none = admin(HttpMethod.GET, "/admin/traffic/reviews", READER);

    assertThat(none.status).isEqualTo(200);
    assertThat(none.json.getString("since")).isNull();
    assertThat(none.json.getJsonObject("legacy").getLong("requests")).isZero();
    assertThat(none.json.getJsonObject("extracted").getValue("p99Ms")).isNull();
    Reply bad = admin(HttpMethod.GET, "/admin/traffic/%2Fetc", READER);
    assertThat(bad.status).isEqualTo(400);
    assertThat(bad.json.getString("detail")).startsWith("route: a route id");
  }

  private ProxyApplication start(int publicPort, String instance) {
    Map<String, String> env = new HashMap<>(ShadowAdminApiIT.settings(ns, routes, publicPort));
    env.put("STRANGLER_DEBUG_HEADERS", "true");
    env.put("STRANGLER_INSTANCE_ID", instance);
    env.put("STRANGLER_IDENTITY_KEY", "traffic-identity-key-0123456789abcdef");
    env.put("STRANGLER_SESSION_REDIS_URL", ns.endpoint().uri());
    ProxyApplication app = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(env));
    app.start().await();
    return app;
  }

  private int backend(Consumer<HttpServerRequest> handler) {
    return OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(handler::accept).listen(0, "127.0.0.1")).actualPort();
  }

  /** The route's traffic once both sides' requests add up to {@code requests} (flushed every 50 ms). */
  private JsonObject awaitRequests(String route, long requests) {
    JsonObject[] last = new JsonObject[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      last[0] = admin(HttpMethod.GET, "/admin/traffic/" + route, READER).json;
      return last[0].getJsonObject("legacy").getLong("requests") + last[0].getJsonObject("extracted").getLong("requests") == requests;
    });
    return last[0];
  }

  private Reply get(int publicPort, String uri, String cohort) {
    return OnVertx.await(vertx, () -> {
      RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(publicPort).setURI(uri);
      if (cohort != null) {
        options.putHeader("X-Cohort", cohort);
      }
      return client.request(options).compose(req -> req.send().compose(resp -> resp.body()
          .map(b -> new Reply(resp.statusCode(), resp.getHeader("X-Strangler-Backend"), null))));
    });
  }

  private Reply admin(HttpMethod method, String path, String token) {
    return OnVertx.await(vertx, () -> {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxy.adminPort()).setURI(path);
      if (token != null) {
        options.putHeader("Authorization", "Bearer " + token);
      }
      return client.request(options).compose(req -> req.send().compose(resp -> resp.body()
          .map(b -> new Reply(resp.statusCode(), null, b.length() == 0 ? null : b.toJsonObject()))));
    });
  }
}
