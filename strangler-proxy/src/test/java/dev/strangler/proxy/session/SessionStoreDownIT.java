package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the session Redis can't answer, routes that merely can use a session go on anonymous, and routes that
 * require one answer 503; the proxy recovers by itself. The Redis is a process of the test's own.
 */
@ExtendWith(VertxExtension.class)
class SessionStoreDownIT {

  private RedisServerProcess redis;
  private SpringSessions sessions;
  private SessionProxy proxy;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServerProcess.start();
    sessions = new SpringSessions(redis.endpoint(), "acme:session");
    proxy = new SessionProxy(vertx, SessionProxy.options(redis.endpoint().uri(), "acme:session"));
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  void aKilledRedisMeansAnonymousOn503OnRoutesRequiringASessionAndARestartedOneIsUsedAgain() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);
    assertThat(proxy.get("/api/account/orders", id).status()).isEqualTo(200);

    redis.kill();

    SessionProxy.Reply optional = proxy.get("/api/products/ACME-00001", id);
    assertThat(optional.status()).isEqualTo(200);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNull();
    SessionProxy.Reply required = proxy.get("/api/account/orders", id);
    assertThat(required.status()).isEqualTo(503);
    assertThat(required.headers().get("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(required.body()).getString("detail"))
        .isEqualTo("sessions can't be checked right now (the session store did not answer); try again shortly");
    assertThat(proxy.get("/api/cart", id).status()).as("legacy routes don't need Redis").isEqualTo(200);

    redis.restart();
    String again = sessions.loggedIn(1, "customer001@acme.test", 0); // a restarted Redis is empty

    assertThat(proxy.get("/api/account/orders", again).status()).isEqualTo(200);
    assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNotNull();
  }

  @Test
  void aRedisThatStopsAnsweringCostsARequestAtMostTheLookupTimeout() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);
    proxy.get("/api/products/ACME-00001", id);

    redis.pause();
    try {
      long start = System.nanoTime();
      SessionProxy.Reply optional = proxy.get("/api/products/ACME-00001", id);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      SessionProxy.Reply required = proxy.get("/api/account/orders", id);

      assertThat(optional.status()).isEqualTo(200);
      assertThat(proxy.catalog.last().get(IdentityHeaders.IDENTITY)).isNull();
      assertThat(took).isBetween(SessionOptions.DEFAULT_LOOKUP_TIMEOUT, SessionOptions.DEFAULT_LOOKUP_TIMEOUT.plusSeconds(1));
      assertThat(required.status()).isEqualTo(503);
    } finally {
      redis.resume();
    }
    assertThat(proxy.get("/api/account/orders", id).status()).as("answers again once resumed").isEqualTo(200);
  }
}
