package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routes with {@code requireSession}: the proxy turns away anyone not logged in, before any backend sees them. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RequireSessionIT {

  private SpringSessions sessions;
  private SessionProxy proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    sessions = SpringSessions.of(ns);
    proxy = new SessionProxy(vertx, SessionProxy.options(ns));
  }

  @Test
  void withoutALoggedInSessionTheProxyAnswers401AndTheBackendNeverSeesTheRequest() {
    String expired = sessions.loggedIn(1, "customer001@acme.test", 0);
    sessions.idleFor(expired, (SpringSessions.MAX_INACTIVE_SECONDS + 1) * 1000L);
    String loggedOut = sessions.loggedIn(2, "customer002@acme.test", 0);
    sessions.delete(loggedOut);

    for (String id : new String[] {null, "no-such-session", expired, loggedOut, sessions.anonymous()}) {
      SessionProxy.Reply reply = proxy.get("/api/account/orders", id);

      assertThat(reply.status()).as("session %s", id).isEqualTo(401);
      assertThat(reply.headers().get("Content-Type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(reply.body())).isEqualTo(new JsonObject().put("type", "about:blank")
          .put("title", "Unauthorized").put("status", 401).put("detail", "this route needs a logged-in session: log in first"));
    }
    assertThat(proxy.catalog.requests()).isZero();
  }

  @Test
  void aLoggedInCustomerPassesWithTheirIdentity() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);

    SessionProxy.Reply reply = proxy.get("/api/account/orders", id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNotNull();
  }

  @Test
  void aLegacyRouteRequiringASessionIsCheckedButTheMonolithGetsNoIdentity() {
    assertThat(proxy.get("/api/orders", null).status()).isEqualTo(401);
    assertThat(proxy.legacy.requests()).isZero();

    String id = sessions.loggedIn(1, "customer001@acme.test", 0);

    assertThat(proxy.get("/api/orders", id).status()).isEqualTo(200);
    assertThat(proxy.legacy.last().get(IdentityHeaders.IDENTITY)).isNull();
  }

  @Test
  void aRouteWithoutRequireSessionLetsAnonymousRequestsThrough() {
    assertThat(proxy.get("/api/products/ACME-00001", null).status()).isEqualTo(200);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNull();
  }
}
