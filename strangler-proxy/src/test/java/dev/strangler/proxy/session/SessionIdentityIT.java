package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.servicekit.identity.Identity;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The monolith's session in a real Redis, resolved by a real proxy into an identity a real backend can verify. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class SessionIdentityIT {

  private static final String FORGED = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI5OTkifQ.forged";

  private Vertx vertx;
  private SpringSessions sessions;
  private SessionProxy proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    sessions = SpringSessions.of(ns);
    proxy = new SessionProxy(vertx, SessionProxy.options(ns));
  }

  @Test
  void anExtractedBackendGetsASignedIdentityItVerifiesAsItsOwnAudience() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);

    assertThat(proxy.get("/api/products/ACME-00001", id).status()).isEqualTo(200);

    String token = proxy.catalog.last().get(IdentityHeaders.IDENTITY);
    Identity identity = verifier(SessionProxy.SERVICE).verify(token).await();
    assertThat(identity.customerId()).isEqualTo("1");
    assertThat(identity.email()).isEqualTo("customer001@acme.test");
    assertThat(identity.sessionHash()).isEqualTo(SessionIdentity.hash(id));
    assertThat(token).doesNotContain(id);
    assertThatThrownBy(() -> verifier("orders-service").verify(token).await()).as("another service refuses it")
        .hasMessage("the identity token is not meant for orders-service");
  }

  @Test
  void theMonolithGetsNoIdentityAndAClientsForgedOneIsStrippedOnLegacyRoutes() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);
    MultiMap forged = MultiMap.caseInsensitiveMultiMap().add("X-Strangler-Identity", FORGED)
        .add("x-strangler-identity-customer", "999");

    assertThat(proxy.get("/api/cart", id, forged).body()).isEqualTo("legacy");

    assertThat(proxy.legacy.last().names()).noneMatch(h -> h.toLowerCase().startsWith("x-strangler-identity"));
    assertThat(proxy.legacy.last().get("Cookie")).as("the monolith still reads its own session").contains("SESSION=");
  }

  @Test
  void aClientsForgedIdentityNeverReachesAnExtractedBackend() {
    MultiMap forged = MultiMap.caseInsensitiveMultiMap().add("X-Strangler-Identity", FORGED);

    proxy.get("/api/products/ACME-00001", null, forged);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).as("anonymous").isNull();

    String id = sessions.loggedIn(7, "customer007@acme.test", 0);
    proxy.get("/api/products/ACME-00001", id, forged);
    assertThat(proxy.catalog.last().getAll(IdentityHeaders.IDENTITY)).hasSize(1);
    assertThat(verifier(SessionProxy.SERVICE).verify(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).await().customerId())
        .isEqualTo("7");
  }

  @Test
  void anExpiredSessionGivesNoIdentityEvenBeforeRedisDropsTheKey() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);
    sessions.idleFor(id, (SpringSessions.MAX_INACTIVE_SECONDS + 1) * 1000L);

    proxy.get("/api/products/ACME-00001", id);

    assertThat(sessions.pttl(id)).as("the key is still there").isPositive();
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNull();
  }

  @Test
  void aLogoutOnTheMonolithEndsTheIdentityWithTheNextRequest() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);
    proxy.get("/api/products/ACME-00001", id);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNotNull();

    sessions.delete(id);
    proxy.get("/api/products/ACME-00001", id);

    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNull();
  }

  @Test
  void aSessionWithNobodyLoggedInGivesNoIdentity() {
    proxy.get("/api/products/ACME-00001", sessions.anonymous());

    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNull();
  }

  @Test
  void theExtractedSideOfACanaryAndAnExtractedShadowPrimaryGetTheIdentity() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);

    assertThat(proxy.get("/api/reviews/ACME-00001", id).body()).isEqualTo(SessionProxy.SERVICE);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNotNull();
    assertThat(proxy.get("/api/search?q=lamp", id).body()).isEqualTo(SessionProxy.SERVICE);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNotNull();
    assertThat(proxy.legacy.requests()).isZero();
  }

  @Test
  void aRequestThatFallsBackToTheMonolithLeavesTheIdentityBehind() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);

    assertThat(proxy.get("/api/categories", id).body()).as("the extracted side is not running").isEqualTo("legacy");

    assertThat(proxy.legacy.last().get(IdentityHeaders.IDENTITY)).isNull();
  }

  private IdentityVerifier verifier(String service) {
    return new IdentityVerifier(vertx, SessionProxy.KEY, service);
  }
}
