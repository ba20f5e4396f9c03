package dev.strangler.proxy.session;

import dev.strangler.proxy.route.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the monolith's session for a request bound to an extracted backend, or on a route that requires one,
 * and hands the backend a signed identity instead of the session. Nothing is cached beyond the request, so a
 * logout on the monolith (which deletes the hash) ends the identity everywhere at once. When Redis can't answer,
 * the request goes on anonymous, unless its route requires a session: then it gets a 503. One per event loop.
 */
public final class SessionGate {

  /** No sessions configured: nobody has one, so a route that requires one always answers 401. */
  public static final SessionGate OFF = new SessionGate(null, null, null, Clock.systemUTC());

  /** Why a request was refused, answered as a problem by the proxy. */
  public record Refusal(int status, String title, String detail) {}

  static final Refusal NO_SESSION = new Refusal(401, "Unauthorized", "this route needs a logged-in session: log in first");
  static final Refusal STORE_DOWN = new Refusal(503, "Service Unavailable",
      "sessions can't be checked right now (the session store did not answer); try again shortly");

  private static final Logger LOG = LoggerFactory.getLogger(SessionGate.class);
  /** One warning per event loop per this long while Redis is unreachable, not one per request. */
  private static final long WARN_EVERY_MILLIS = 10_000;

  private final SessionOptions options;
  private final SessionStore store;
  private final IdentityTokens tokens;
  private final Clock clock;
  private long lastWarning = -WARN_EVERY_MILLIS;

  SessionGate(SessionOptions options, SessionStore store, IdentityTokens tokens, Clock clock) {
    this.options = options;
    this.store = store;
    this.tokens = tokens;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** A gate of this event loop's own: its own Redis connection and signer. */
  public static SessionGate create(Vertx vertx, SessionOptions options) {
    return new SessionGate(options, new SessionStore(vertx, options),
        new IdentityTokens(vertx, options.key(), options.tokenLifetime()), Clock.systemUTC());
  }

  /** Whether a request needs its session: it goes to an extracted backend (not the monolith, which reads its own), or its route requires one. */
  public boolean applies(String backend, boolean requireSession) {
    return requireSession || (backend != null && !Target.LEGACY_BACKEND.equals(backend));
  }

  /** The session of {@code incoming}, looked up when first asked for, at most once. */
  public SessionLookup lookup(HttpServerRequest incoming) {
    return new SessionLookup(this, incoming, options == null ? SessionOptions.DEFAULT_COOKIE_NAME : options.cookieName());
  }

  /**
   * Resolves the session of {@code incoming}; for an extracted {@code backend}, sets the signed identity, addressed to
   * {@code audience}, on {@code forwarded} (the headers the backend will get). Completes with null to go on, or with
   * the refusal to answer instead; never fails.
   */
  public Future<Refusal> admit(HttpServerRequest incoming, MultiMap forwarded, String backend, String audience,
                               boolean requireSession) {
    return admit(lookup(incoming), forwarded, backend, audience, requireSession);
  }

  /** As {@link #admit(HttpServerRequest, MultiMap, String, String, boolean)}, with a session other steps may have read. */
  public Future<Refusal> admit(SessionLookup lookup, MultiMap forwarded, String backend, String audience,
                               boolean requireSession) {
    IdentityHeaders.strip(forwarded);
    if (store == null) {
      return Future.succeededFuture(requireSession ? NO_SESSION : null);
    }
    return lookup.session().transform(found -> {
      if (found.failed()) {
        return Future.succeededFuture(requireSession ? STORE_DOWN : null);
      }
      StoredSession session = found.result();
      if (session == null || !session.loggedIn()) {
        return Future.succeededFuture(requireSession ? NO_SESSION : null);
      }
      if (backend != null && !Target.LEGACY_BACKEND.equals(backend)) {
        SessionIdentity identity = new SessionIdentity(session.customerId(), session.email(), SessionIdentity.hash(lookup.sessionId()));
        forwarded.set(IdentityHeaders.IDENTITY, tokens.sign(identity, audience));
      }
      return Future.succeededFuture(null);
    });
  }

  /** The session id in a cookie's value; null without one, or when this proxy resolves no sessions. */
  String sessionId(String cookieValue) {
    return store == null ? null : SessionCookie.sessionId(cookieValue, options.cookieBase64());
  }

  /**
   * The unexpired session {@code id} (null: none), or null when there is none (no hash, expired); fails when Redis
   * can't answer. Records an access when one is due, as Spring Session would.
   */
  Future<StoredSession> find(String id) {
    if (id == null || store == null) {
      return Future.succeededFuture();
    }
    return store.find(id).transform(found -> {
      if (found.failed()) {
        warn(found.cause());
        return Future.failedFuture(found.cause());
      }
      StoredSession session = found.result();
      long now = clock.millis();
      if (session == null || session.expiredAt(now)) {
        return Future.succeededFuture();
      }
      if (session.dueForTouch(now, options.touchInterval().toMillis())) {
        // Not awaited: the request needn't wait for a write, and a lost touch only shortens the session a little.
        store.touch(id, now).onFailure(e -> LOG.debug("could not record an access to a session: {}", e.toString()));
      }
      return Future.succeededFuture(session);
    });
  }

  /**
   * The stored values of attributes {@code names} of session {@code id} as {@link SessionStore#attributes} reads them,
   * without touching the session (a snapshot is no access of the user's); fails when Redis can't answer.
   */
  Future<List<String>> attributes(String id, List<String> names) {
    if (store == null) {
      return Future.failedFuture("this proxy resolves no sessions");
    }
    return store.attributes(id, names).onFailure(this::warn);
  }

  public Future<Void> close() {
    return store == null ? Future.succeededFuture() : store.close();
  }

  private void warn(Throwable cause) {
    long now = clock.millis();
    if (now - lastWarning >= WARN_EVERY_MILLIS) {
      lastWarning = now;
      LOG.warn("session store unreachable, requests go on without a session (routes requiring one answer 503): {}",
          cause.toString());
    }
  }
}
