package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.forward.RequestIds;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.SessionSupport;
import dev.strangler.proxy.route.ShadowPolicy;
import dev.strangler.proxy.shadow.ShadowOptions;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.proxy.shadow.ShadowStep;
import dev.strangler.proxy.shadow.Shadowing;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.servicekit.identity.Identity;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Copies of shadow routes to an extracted candidate carry the candidate's own identity token, as the primary path would
 * give that backend (audience: its service name in discovery), when the request has a logged-in session; none without.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowCopyIdentityIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private Vertx vertx;
  private SpringSessions sessions;
  private RecordingBackend legacy;
  private RecordingBackend catalog;
  private RecordingBackend reviews;
  private Shadowing shadowing;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    sessions = SpringSessions.of(ns);
    legacy = RecordingBackend.start(vertx, "legacy");
    catalog = RecordingBackend.start(vertx, SessionProxy.SERVICE);
    reviews = RecordingBackend.start(vertx, "reviews");
    RedisServiceRegistry registry = new RedisServiceRegistry(vertx, DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix()));
    registry.register(SessionProxy.SERVICE, "127.0.0.1", URI.create(catalog.url()).getPort(), "1").await();
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["%s"]}
          catalog: {service: %s}
          reviews: {urls: ["%s"]}
        routes:
          - id: products
            match: {path: /api/products/**, methods: [GET]}
            target: {shadow: {primary: legacy, candidate: catalog}}
            shadow: {learnNoise: false}
          - id: reviews
            match: {path: /api/reviews/**, methods: [GET]}
            target: {shadow: {primary: reviews, candidate: catalog}}
          - id: checkout
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {primary: legacy, candidate: catalog}}
            shadow: {sandbox: true}
        """.formatted(legacy.url(), SessionProxy.SERVICE, reviews.url())), RestrictedAddresses.NONE, SessionSupport.ON),
        RestrictedAddresses.NONE, SessionSupport.ON);
    shadowing = new Shadowing(ShadowOptions.DEFAULTS, ShadowResults.NONE);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), live, null,
        new DiscoveredBackends(vertx, registry, live, Duration.ofHours(1)), SessionProxy.options(ns), null, null, null, null,
        shadowing);
    vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    shadowing.close();
  }

  @Test
  void aCopyOfALoggedInRequestCarriesATokenTheCandidateVerifiesAsItsOwn() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);

    assertThat(get("/api/products/ACME-00001", id)).isEqualTo("legacy");

    await().atMost(WAIT).until(() -> catalog.requests() == 1);
    MultiMap copy = catalog.last();
    assertThat(copy.get(ShadowStep.HEADER)).isEqualTo("1");
    String token = copy.get(IdentityHeaders.IDENTITY);
    Identity identity = verifier(SessionProxy.SERVICE).verify(token).await();
    assertThat(identity.customerId()).isEqualTo("1");
    assertThat(identity.email()).isEqualTo("customer001@acme.test");
    assertThat(identity.sessionHash()).isEqualTo(SessionIdentity.hash(id));
    assertThat(legacy.last().names()).as("the monolith reads its own session")
        .noneMatch(h -> h.toLowerCase().startsWith("x-strangler-identity"));
  }

  @Test
  void aCopyBetweenTwoExtractedBackendsCarriesTheCandidatesTokenNotThePrimarys() {
    String id = sessions.loggedIn(7, "customer007@acme.test", 0);

    assertThat(get("/api/reviews/ACME-00001", id)).isEqualTo("reviews");

    await().atMost(WAIT).until(() -> catalog.requests() == 1);
    String copyToken = catalog.last().get(IdentityHeaders.IDENTITY);
    assertThat(verifier(SessionProxy.SERVICE).verify(copyToken).await().customerId()).isEqualTo("7");
    assertThatThrownBy(() -> verifier("reviews").verify(copyToken).await()).as("not the primary's token")
        .hasMessage("the identity token is not meant for reviews");
    assertThat(verifier("reviews").verify(reviews.last().get(IdentityHeaders.IDENTITY)).await().customerId()).isEqualTo("7");
  }

  @Test
  void aSandboxedCopyOfALoggedInWriteCarriesTheCandidatesTokenTheRequestIdAndTheSandboxHeader() {
    String id = sessions.loggedIn(3, "customer003@acme.test", 0);

    assertThat(send(HttpMethod.POST, "/api/orders", id, "{\"lines\":{\"ACME-00001\":1}}")).isEqualTo("legacy");

    await().atMost(WAIT).until(() -> catalog.requests() == 1);
    MultiMap copy = catalog.last();
    assertThat(copy.get(ShadowPolicy.SANDBOX_HEADER)).isEqualTo("1");
    Identity identity = verifier(SessionProxy.SERVICE).verify(copy.get(IdentityHeaders.IDENTITY)).await();
    assertThat(identity.customerId()).isEqualTo("3");
    assertThat(identity.sessionHash()).isEqualTo(SessionIdentity.hash(id));
    assertThat(copy.get(RequestIds.HEADER)).isNotBlank().isEqualTo(legacy.last().get(RequestIds.HEADER));
    assertThat(legacy.requests()).as("the monolith got the write once").isEqualTo(1);
    assertThat(legacy.last().names()).noneMatch(h -> h.toLowerCase().startsWith("x-strangler-"));
  }

  @Test
  void aCopyOfARequestWithoutALoggedInSessionCarriesNoIdentity() {
    assertThat(get("/api/products/ACME-00001", null)).isEqualTo("legacy");
    await().atMost(WAIT).until(() -> catalog.requests() == 1);
    assertThat(catalog.last().names()).as("no cookie").noneMatch(h -> h.toLowerCase().startsWith("x-strangler-identity"));

    assertThat(get("/api/products/ACME-00002", sessions.anonymous())).isEqualTo("legacy");
    await().atMost(WAIT).until(() -> catalog.requests() == 2);
    assertThat(catalog.last().get(ShadowStep.HEADER)).isEqualTo("1");
    assertThat(catalog.last().names()).as("a session not logged in")
        .noneMatch(h -> h.toLowerCase().startsWith("x-strangler-identity"));
  }

  private String get(String path, String sessionId) {
    return send(HttpMethod.GET, path, sessionId, null);
  }

  private String send(HttpMethod method, String path, String sessionId, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (sessionId != null) {
      headers.add("Cookie", "SESSION=" + SpringSessions.cookie(sessionId));
    }
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
            .setURI(path).setHeaders(headers))
        .compose(req -> (body == null ? req.send() : req.send(body)).compose(resp -> resp.body().map(b -> b.toString()))));
  }

  private IdentityVerifier verifier(String service) {
    return new IdentityVerifier(vertx, SessionProxy.KEY, service);
  }
}
