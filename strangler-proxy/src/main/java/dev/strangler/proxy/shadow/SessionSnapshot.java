package dev.strangler.proxy.shadow;

import dev.strangler.proxy.session.SessionLookup;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A sandboxed copy's session snapshot: the session attributes its route names, as they were when the request arrived,
 * for a candidate that must not see what the primary changed meanwhile (a checkout clears the cart). Rendered as the
 * value of {@code X-Strangler-Sandbox-Session}: base64url without padding of {@code {"<name>": <stored JSON or null>}}.
 */
final class SessionSnapshot {

  /** Larger snapshots are not sent: the candidate's header limit (8 KiB in all by default) must still fit the rest. */
  static final int MAX_HEADER_BYTES = 4096;

  private SessionSnapshot() {}

  /**
   * The header value for the request's session, read now; null when the request carries no session id (its copy then
   * goes without the header, as its primary has no session either). Fails when the store can't answer or the snapshot
   * is unusable.
   */
  static Future<String> take(SessionLookup session, List<String> names) {
    return session.attributes(names).compose(values -> {
      if (values == null) {
        return Future.succeededFuture();
      }
      try {
        return Future.succeededFuture(encode(values));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** The header value of {@code stored} (each attribute's stored JSON text, null when absent). */
  static String encode(Map<String, String> stored) {
    JsonObject snapshot = new JsonObject();
    stored.forEach((name, json) -> {
      try {
        snapshot.put(name, json == null ? null : Json.decodeValue(json));
      } catch (DecodeException e) {
        throw new IllegalArgumentException("session attribute '" + name + "' is not JSON");
      }
    });
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(snapshot.encode().getBytes(StandardCharsets.UTF_8));
    if (value.length() > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException("session snapshot of " + value.length() + " bytes is over " + MAX_HEADER_BYTES);
    }
    return value;
  }
}
