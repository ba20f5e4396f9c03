package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.FreePort;
import io.vertx.core.MultiMap;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real proxy on loopback, real fake backends, and a route table written as text. */
@ExtendWith(VertxExtension.class)
class RoutingIT {

  private Vertx vertx;

  private NamedBackend legacy;
  private NamedBackend catalogA;
  private NamedBackend catalogB;
  private NamedBackend slow;
  private LiveRouteTable live;
  private HttpClient client;
  private int port;
  private ProxyMetrics metrics;

  private final int deadPort = FreePort.find();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    legacy = NamedBackend.start(vertx, "legacy");
    catalogA = NamedBackend.start(vertx, "catalog-a");
    catalogB = NamedBackend.start(vertx, "catalog-b");
    slow = NamedBackend.slow(vertx, "slow", Duration.ofSeconds(5));
    live = new LiveRouteTable(RouteTable.compile(7, table("{extracted: catalog}"), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    metrics = new ProxyMetrics(live);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0).withDebugHeaders(true), live, metrics);
    vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  /** The route table under test, with the catalog read route's target given in YAML flow form. */
  private RouteTableDefinition table(String catalogReadTarget) {
    return RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["%s"]}
          catalog: {urls: ["%s", "%s"]}
          slow: {urls: ["%s"]}
          dead: {urls: ["http://127.0.0.1:%d"]}
          discovered: {service: orders-service}
        routes:
          - id: catalog-read
            match: {path: /api/products/**, methods: [GET]}
            target: %s
            rewrite: {stripPrefix: /api, addPrefix: /v2}
            requestHeaders: {set: {X-From: strangler}, remove: [X-Debug]}
            responseHeaders: {set: {Cache-Control: no-store}, remove: [Server]}
          - id: reviews
            match: {path: /api/reviews/**}
            target: {canary: {backend: catalog, percent: 50, cohort: "cookie:uid"}}
          - id: gone
            match: {path: /api/wishlist/**}
            target: {direct: {status: 410, contentType: application/json, body: '{"gone":true}'}}
          - id: reports
            match: {path: /api/reports/**}
            target: {extracted: slow}
            timeouts: {response: 300ms}
          - id: dead-end
            match: {path: /api/dead/**}
            target: {extracted: dead}
          - id: orders
            match: {path: /api/orders/**}
            target: {extracted: discovered}
          - id: shadowed
            match: {path: /api/search}
            target: {shadow: {primary: legacy, candidate: catalog}}
        """.formatted(legacy.url(), catalogA.url(), catalogB.url(), slow.url(), deadPort, catalogReadTarget));
  }

  @Test
  void anUnmatchedRequestGoesToTheMonolithByTheDefaultRoute() {
    Reply reply = get("/api/cart", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.json.getString("backend")).isEqualTo("legacy");
    assertThat(reply.headers.get(DebugHeaders.ROUTE)).isEqualTo("default");
    assertThat(reply.headers.get(DebugHeaders.BACKEND)).isEqualTo("legacy");
    assertThat(reply.headers.get(DebugHeaders.EPOCH)).isEqualTo("7");
  }

  @Test
  void anExtractedRouteRoundRobinsOverItsBackendsUrls() {
    Set<String> served = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      served.add(get("/api/products/ACME-1", MultiMap.caseInsensitiveMultiMap()).json.getString("backend"));
    }

    assertThat(served).containsExactlyInAnyOrder("catalog-a", "catalog-b");
    assertThat(legacy.requests()).isZero();
  }

  @Test
  void theRouteRewritesThePathKeepsTheQueryByteForByteAndChangesHeaders() {
    Reply reply = get("/api/products/ACME-1?q=a+b&x=%2F", MultiMap.caseInsensitiveMultiMap().add("X-Debug", "secret"));

    assertThat(reply.json.getString("uri")).isEqualTo("/v2/products/ACME-1?q=a+b&x=%2F");
    assertThat(reply.json.getString("added")).isEqualTo("strangler");
    assertThat(reply.json.getString("debug")).isNull();
    assertThat(reply.headers.get("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.headers.get("Server")).isNull();
  }

  @Test
  void theClientsHostReachesTheBackend() {
    Reply reply = get("/api/products/ACME-1", MultiMap.caseInsensitiveMultiMap().add("Host", "shop.example.com"));

    assertThat(reply.json.getString("host")).isEqualTo("shop.example.com");
  }

  @Test
  void aCanaryCohortAlwaysLandsOnTheSameSideAndTheSplitUsesBothSides() {
    Set<String> sides = new HashSet<>();
    for (int user = 0; user < 40; user++) {
      MultiMap cookie = MultiMap.caseInsensitiveMultiMap().add("Cookie", "uid=user-" + user);
      String first = side(get("/api/reviews/1", cookie));
      for (int again = 0; again < 3; again++) {
        assertThat(side(get("/api/reviews/1", cookie))).as("user-" + user).isEqualTo(first);
      }
      sides.add(first);
    }

    assertThat(sides).containsExactlyInAnyOrder("legacy", "catalog");
  }

  @Test
  void aCanaryRequestWithoutItsCohortGoesToTheMonolith() {
    for (int i = 0; i < 5; i++) {
      assertThat(get("/api/reviews/1", MultiMap.caseInsensitiveMultiMap()).json.getString("backend")).isEqualTo("legacy");
    }
  }

  @Test
  void aDirectTargetIsAnsweredByTheProxyItself() {
    Reply reply = get("/api/wishlist/3", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.status).isEqualTo(410);
    assertThat(reply.json).isEqualTo(new JsonObject().put("gone", true));
    assertThat(reply.headers.get(DebugHeaders.BACKEND)).isEqualTo(DebugHeaders.SELF);
    assertThat(legacy.requests() + catalogA.requests() + catalogB.requests()).isZero();
  }

  @Test
  void aBackendThatAnswersTooLateIsA504Problem() {
    Reply reply = get("/api/reports/daily", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.status).isEqualTo(504);
    assertThat(reply.headers.get("Content-Type")).isEqualTo(ProblemResponses.CONTENT_TYPE);
    assertThat(reply.json.getString("detail")).isEqualTo("backend 'slow' did not answer in time");
  }

  @Test
  void aBackendThatCannotBeReachedIsA502Problem() {
    Reply reply = get("/api/dead/1", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.status).isEqualTo(502);
    assertThat(reply.json.getString("detail")).isEqualTo("backend 'dead' could not be reached");
  }

  @Test
  void aBackendKnownOnlyByServiceNameIsA503UntilDiscoveryResolvesIt() {
    Reply reply = get("/api/orders/1", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.status).isEqualTo(503);
    assertThat(reply.json.getString("detail")).contains("'discovered'");
  }

  @Test
  void aShadowRouteIsServedByItsPrimary() {
    assertThat(get("/api/search", MultiMap.caseInsensitiveMultiMap()).json.getString("backend")).isEqualTo("legacy");
  }

  @Test
  void aNewTableEpochRoutesTheNextRequest() {
    live.offer(8, table("legacy"), "test");

    Reply reply = get("/api/products/ACME-1", MultiMap.caseInsensitiveMultiMap());

    assertThat(reply.headers.get(DebugHeaders.EPOCH)).isEqualTo("8");
    assertThat(reply.json.getString("backend")).isEqualTo("legacy");
  }

  @Test
  void everyRequestIsCountedByRouteBackendAndStatusClass() {
    get("/api/products/ACME-1", MultiMap.caseInsensitiveMultiMap());
    get("/api/wishlist/1", MultiMap.caseInsensitiveMultiMap());

    String scrape = metrics.scrape();

    assertThat(scrape).contains("strangler_requests_seconds_count{backend=\"catalog\",route=\"catalog-read\",status=\"2xx\"} 1");
    assertThat(scrape).contains("strangler_requests_seconds_count{backend=\"proxy\",route=\"gone\",status=\"4xx\"} 1");
    assertThat(scrape).contains("strangler_route_table_epoch 7.0");
  }

  private static String side(Reply reply) {
    return reply.json.getString("backend").startsWith("catalog") ? "catalog" : "legacy";
  }

  private Reply get(String uri, MultiMap headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri);
    options.setHeaders(headers);
    return OnVertx.await(vertx, () -> client.request(options).compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toJsonObject())))
        );
  }

  private record Reply(int status, MultiMap headers, JsonObject json) {}
}
