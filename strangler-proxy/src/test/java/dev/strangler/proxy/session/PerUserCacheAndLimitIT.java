package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.cache.ResponseCache;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The verified user as part of a key: a user-scoped cache keeps each logged-in customer's answers apart, and a rate
 * limit keyed by user counts each customer apart; the user comes from the monolith's session, read once per request.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class PerUserCacheAndLimitIT {

  private SpringSessions sessions;
  private ScriptedBackend backend;
  private ProxyOnLoopback proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    sessions = SpringSessions.of(ns);
    backend = ScriptedBackend.start(vertx);
    // The monolith reads its own session: the answer depends on the cookie it gets.
    backend.answer(req -> req.response().end("for " + req.getHeader("Cookie")));
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}}
        routes:
          - id: recommendations
            match: {path: /api/recommendations, methods: [GET]}
            target: legacy
            cache: {ttl: 30s, userScoped: true}
          - id: account
            match: {path: /api/account, methods: [GET]}
            target: legacy
            requireSession: true
            cache: {ttl: 30s, userScoped: true}
          - id: search
            match: {path: /api/search, methods: [GET]}
            target: legacy
            rateLimit: {rate: 1/m, burst: 2, key: user, onRedisDown: open}
        """.formatted(backend.url()),
        CacheOptions.defaults(ns.endpoint().uri()).withPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)),
        RateLimitOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()).withTimeout(Duration.ofSeconds(2)),
        SessionProxy.options(ns), 0);
  }

  @Test
  void eachLoggedInCustomerHasAnswersOfTheirOwn() {
    String alice = sessions.loggedIn(1, "alice@acme.test", 0);
    String bob = sessions.loggedIn(2, "bob@acme.test", 0);

    Reply aliceFirst = get("/api/recommendations", alice);
    Reply aliceHit = hitOf("/api/recommendations", alice);
    Reply bobFirst = get("/api/recommendations", bob);

    assertThat(aliceHit.body()).isEqualTo(aliceFirst.body()).contains(SpringSessions.cookie(alice));
    assertThat(bobFirst.header(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
    assertThat(hitOf("/api/recommendations", bob).body()).contains(SpringSessions.cookie(bob));
  }

  @Test
  void anAnswerMeantForOneUserIsKeptForThatUserOnly() {
    backend.answer(req -> req.response().putHeader("Cache-Control", "private, max-age=60").end("for " + req.getHeader("Cookie")));
    String alice = sessions.loggedIn(1, "alice@acme.test", 0);

    get("/api/recommendations", alice);

    assertThat(hitOf("/api/recommendations", alice).body()).contains(SpringSessions.cookie(alice));
    get("/api/recommendations", null);
    assertThat(get("/api/recommendations", null).header(ResponseCache.DEBUG_HEADER))
        .as("a private answer to an anonymous request would be shared: not kept").isEqualTo("miss");
  }

  @Test
  void aSecondSessionOfTheSameCustomerSharesTheirAnswers() {
    String phone = sessions.loggedIn(1, "alice@acme.test", 0);
    String laptop = sessions.loggedIn(1, "alice@acme.test", 0);
    get("/api/recommendations", phone);
    hitOf("/api/recommendations", phone);

    assertThat(get("/api/recommendations", laptop).header(ResponseCache.DEBUG_HEADER)).isEqualTo("hit");
  }

  @Test
  void requestsWithoutASessionShareOneAnswerAndSessionsWithoutAVerifiedUserBypass() {
    get("/api/recommendations", null);
    assertThat(hitOf("/api/recommendations", null).body()).isEqualTo("for null");

    assertThat(get("/api/recommendations", sessions.anonymous()).header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
    assertThat(get("/api/recommendations", "no-such-session").header(ResponseCache.DEBUG_HEADER)).isEqualTo("bypass");
    assertThat(proxy.get("/api/recommendations", "Authorization", "Bearer x").header(ResponseCache.DEBUG_HEADER))
        .as("the proxy verifies no Authorization").isEqualTo("bypass");
  }

  @Test
  void aRouteRequiringASessionChecksItBeforeAnsweringFromTheCache() {
    String alice = sessions.loggedIn(1, "alice@acme.test", 0);
    get("/api/account", alice);
    hitOf("/api/account", alice);

    sessions.delete(alice); // logged out on the monolith

    assertThat(get("/api/account", alice).status()).isEqualTo(401);
    assertThat(get("/api/account", null).status()).isEqualTo(401);
  }

  @Test
  void aLimitKeyedByUserCountsEachCustomerApartAndAnonymousRequestsByAddress() {
    String alice = sessions.loggedIn(1, "alice@acme.test", 0);
    String bob = sessions.loggedIn(2, "bob@acme.test", 0);

    assertThat(get("/api/search", alice).status()).isEqualTo(200);
    assertThat(get("/api/search", alice).status()).isEqualTo(200);
    assertThat(get("/api/search", alice).status()).isEqualTo(429);
    assertThat(get("/api/search", bob).status()).isEqualTo(200);
    assertThat(get("/api/search", null).status()).isEqualTo(200);
    assertThat(get("/api/search", sessions.anonymous()).status()).as("same address, no user").isEqualTo(200);
    assertThat(get("/api/search", null).status()).isEqualTo(429);
  }

  private Reply hitOf(String path, String sessionId) {
    return await().atMost(Duration.ofSeconds(5)).until(() -> get(path, sessionId),
        r -> "hit".equals(r.header(ResponseCache.DEBUG_HEADER)));
  }

  private Reply get(String path, String sessionId) {
    return sessionId == null ? proxy.get(path) : proxy.get(path, "Cookie", "SESSION=" + SpringSessions.cookie(sessionId));
  }
}
