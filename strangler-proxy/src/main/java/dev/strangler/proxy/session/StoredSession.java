package dev.strangler.proxy.session;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.List;

/**
 * The fields of one Spring Session hash the proxy reads, each stored as JSON text by the monolith.
 *
 * @param lastAccessedTime epoch milliseconds of the session's last use
 * @param maxInactiveSeconds the session expires this long after its last use; negative: never
 * @param customerId the logged-in customer, or null for an anonymous session (a cart, say)
 * @param email the logged-in customer's email, or null
 */
record StoredSession(long creationTime, long lastAccessedTime, int maxInactiveSeconds, String customerId, String email) {

  static final String CREATION_TIME = "creationTime";
  static final String LAST_ACCESSED_TIME = "lastAccessedTime";
  static final String MAX_INACTIVE_INTERVAL = "maxInactiveInterval";
  /** Spring Session's prefix of attribute fields. */
  static final String ATTRIBUTE_PREFIX = "sessionAttr:";

  /** The hash fields to ask for, in the order {@link #parse} expects their values. */
  static List<String> fields(String customerIdAttribute, String emailAttribute) {
    return List.of(CREATION_TIME, LAST_ACCESSED_TIME, MAX_INACTIVE_INTERVAL, ATTRIBUTE_PREFIX + customerIdAttribute,
        ATTRIBUTE_PREFIX + emailAttribute);
  }

  /**
   * The session in the values of {@link #fields}, or null when the hash is missing or incomplete (Spring Session
   * treats an incomplete hash as no session too).
   */
  static StoredSession parse(List<String> values) {
    if (values.size() != 5 || values.get(0) == null || values.get(1) == null || values.get(2) == null) {
      return null;
    }
    try {
      Object created = Json.decodeValue(values.get(0));
      Object last = Json.decodeValue(values.get(1));
      Object max = Json.decodeValue(values.get(2));
      if (!(created instanceof Number c) || !(last instanceof Number l) || !(max instanceof Number m)) {
        return null;
      }
      return new StoredSession(c.longValue(), l.longValue(), m.intValue(), customerId(values.get(3)), text(values.get(4)));
    } catch (DecodeException e) {
      return null;
    }
  }

  /** Spring Session's rule: expired once {@code maxInactiveSeconds} have passed since the last access. */
  boolean expiredAt(long nowMillis) {
    return maxInactiveSeconds >= 0 && nowMillis - lastAccessedTime >= maxInactiveSeconds * 1000L;
  }

  boolean loggedIn() {
    return customerId != null;
  }

  /** Whether the last access is old enough to record a new one ({@link SessionOptions#touchInterval()}). */
  boolean dueForTouch(long nowMillis, long intervalMillis) {
    return nowMillis - lastAccessedTime >= intervalMillis;
  }

  private static String customerId(String json) {
    Object value = json == null ? null : Json.decodeValue(json);
    // The monolith stores a number (read back as Integer or Long by size); other apps may store a string.
    if (value instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  private static String text(String json) {
    return json != null && Json.decodeValue(json) instanceof String s ? s : null;
  }
}
