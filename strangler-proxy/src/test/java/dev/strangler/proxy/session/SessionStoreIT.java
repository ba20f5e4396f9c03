package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's Redis commands against a real Redis: one HMGET per lookup, and a touch that never does harm. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class SessionStoreIT {

  private Vertx vertx;
  private SpringSessions sessions;
  private SessionStore store;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    sessions = SpringSessions.of(ns);
    store = new SessionStore(vertx, SessionProxy.options(ns));
  }

  @Test
  void findsASessionAsTheMonolithStoredItAndNothingForAMissingKey() {
    String id = sessions.loggedIn(42, "customer042@acme.test", 1_000);
    long last = sessions.lastAccessedTime(id);

    assertThat(OnVertx.await(vertx, () -> store.find(id)))
        .isEqualTo(new StoredSession(last, last, SpringSessions.MAX_INACTIVE_SECONDS, "42", "customer042@acme.test"));
    assertThat(OnVertx.await(vertx, () -> store.find("no-such-session"))).isNull();
  }

  @Test
  void aTouchAfterALogoutDoesNotBringTheSessionBack() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 120_000);
    sessions.delete(id);

    assertThat(OnVertx.await(vertx, () -> store.touch(id, System.currentTimeMillis()))).isFalse();

    assertThat(sessions.hash(id)).isEmpty();
  }

  @Test
  void aTouchNeverMovesTheLastAccessBackwards() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 0);
    long last = sessions.lastAccessedTime(id);

    assertThat(OnVertx.await(vertx, () -> store.touch(id, last - 5_000))).isFalse();

    assertThat(sessions.lastAccessedTime(id)).isEqualTo(last);
  }

  @Test
  void aTouchRecordsTheAccessAndRenewsTheExpiry() {
    String id = sessions.loggedIn(1, "customer001@acme.test", 600_000);
    long now = System.currentTimeMillis();

    assertThat(OnVertx.await(vertx, () -> store.touch(id, now))).isTrue();

    assertThat(sessions.lastAccessedTime(id)).isEqualTo(now);
    assertThat(sessions.pttl(id)).isBetween(SpringSessions.MAX_INACTIVE_SECONDS * 1000L - 5_000, SpringSessions.MAX_INACTIVE_SECONDS * 1000L);
  }
}
