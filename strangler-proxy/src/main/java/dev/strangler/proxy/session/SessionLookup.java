package dev.strangler.proxy.session;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's session, read from Redis at most once however many steps ask for it (a rate limit per user, a
 * user-scoped cache, the identity for an extracted backend), and only when one does.
 */
public final class SessionLookup {

  private final SessionGate gate;
  private final HttpServerRequest incoming;
  private final String cookieName;
  private Future<StoredSession> found;

  SessionLookup(SessionGate gate, HttpServerRequest incoming, String cookieName) {
    this.gate = gate;
    this.incoming = incoming;
    this.cookieName = cookieName;
  }

  /** Whether the request carries the session cookie, logged in or not: a credential, for caches. */
  public boolean hasCookie() {
    return incoming.getCookie(cookieName) != null;
  }

  /**
   * The verified user: the customer id of the request's unexpired, logged-in session; null when it has none. Fails
   * when the session store can't answer.
   */
  public Future<String> userId() {
    return session().map(s -> s != null && s.loggedIn() ? s.customerId() : null);
  }

  /**
   * The stored values (JSON text, as the monolith wrote them) of the session's attributes {@code names}, by name in
   * order, null for each absent; a map of nulls when the session id names no session. Completes with null when the
   * request carries no session id (no cookie, a malformed one, or no sessions here). One Redis read of its own (the
   * session itself is neither read nor touched), bounded by the lookup timeout; fails when the store can't answer.
   */
  public Future<Map<String, String>> attributes(List<String> names) {
    String id = sessionId();
    if (id == null) {
      return Future.succeededFuture();
    }
    return gate.attributes(id, names).map(values -> {
      Map<String, String> byName = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        byName.put(names.get(i), values.get(i));
      }
      return byName;
    });
  }

  /** The unexpired session, null when there is none; fails when the store can't answer. Looked up on first use. */
  Future<StoredSession> session() {
    if (found == null) {
      found = gate.find(sessionId());
    }
    return found;
  }

  /** The session id the cookie carries; null without one (or without sessions). */
  String sessionId() {
    Cookie cookie = incoming.getCookie(cookieName);
    return gate.sessionId(cookie == null ? null : cookie.getValue());
  }
}
