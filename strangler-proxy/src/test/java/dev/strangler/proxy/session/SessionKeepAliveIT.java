package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user who only browses extracted pages keeps their monolith session alive: the proxy records the access as
 * Spring Session would, at most once per touch interval.
 *
 * <p>The proxy runs one event loop, hence one Redis connection, and Redis answers a connection's commands in
 * order: once a later request through the proxy has been answered, any touch an earlier one sent is done.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class SessionKeepAliveIT {

  private static final long TWO_MINUTES = 120_000;

  private SpringSessions sessions;
  private SessionProxy proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    sessions = SpringSessions.of(ns);
    proxy = new SessionProxy(vertx, SessionProxy.options(ns));
  }

  @Test
  void browsingAnExtractedPageMovesLastAccessedTimeAndTheExpiryForwardAsSpringSessionDoes() {
    String id = sessions.loggedIn(1, "customer001@acme.test", TWO_MINUTES);
    long before = sessions.lastAccessedTime(id);
    long requested = System.currentTimeMillis();

    proxy.get("/api/products/ACME-00001", id);

    await().atMost(Duration.ofSeconds(2)).until(() -> sessions.lastAccessedTime(id) > before);
    assertThat(sessions.lastAccessedTime(id)).isBetween(requested, System.currentTimeMillis());
    // Spring Session's expiry: the last access plus maxInactiveInterval, not two minutes less.
    long ttl = sessions.pttl(id);
    assertThat(ttl).isGreaterThan(SpringSessions.MAX_INACTIVE_SECONDS * 1000L - 5_000);
    assertThat(sessions.hash(id)).containsEntry("maxInactiveInterval", "1800").containsEntry("sessionAttr:customerId", "1")
        .containsEntry("creationTime", Long.toString(before));
  }

  @Test
  void aSessionUsedWithinTheTouchIntervalIsNotWrittenAgain() {
    String id = sessions.loggedIn(1, "customer001@acme.test", TWO_MINUTES);
    proxy.get("/api/products/ACME-00001", id);
    await().atMost(Duration.ofSeconds(2)).until(() -> sessions.lastAccessedTime(id) > System.currentTimeMillis() - TWO_MINUTES);
    long touched = sessions.lastAccessedTime(id);

    proxy.get("/api/products/ACME-00002", id);
    proxy.get("/api/products/ACME-00003", id);
    proxy.get("/api/products/ACME-00004", sessions.anonymous()); // see the class comment

    assertThat(sessions.lastAccessedTime(id)).as("within the 60 s interval").isEqualTo(touched);
  }

  @Test
  void anAnonymousSessionIsKeptAliveToo() {
    String id = sessions.anonymous();
    sessions.idleFor(id, TWO_MINUTES);
    long before = sessions.lastAccessedTime(id);

    proxy.get("/api/products/ACME-00001", id);

    await().atMost(Duration.ofSeconds(2)).until(() -> sessions.lastAccessedTime(id) > before);
  }

  @Test
  void legacyRoutesLeaveTheSessionToTheMonolith() {
    String id = sessions.loggedIn(1, "customer001@acme.test", TWO_MINUTES);
    long before = sessions.lastAccessedTime(id);

    proxy.get("/api/cart", id);
    proxy.get("/api/products/ACME-00001", sessions.anonymous()); // see the class comment

    assertThat(sessions.lastAccessedTime(id)).isEqualTo(before);
  }
}
