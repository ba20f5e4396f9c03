package dev.strangler.servicekit.sandbox;

import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemFormat;
import dev.strangler.servicekit.ProblemHandlers;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * Sandbox mode: a request marked {@code X-Strangler-Sandbox: 1} (only the proxy can send it: it strips every
 * client-sent {@code X-Strangler-*}) must have no effect anyone else sees. The service writes to its sandbox store,
 * calls nothing with side effects, publishes nothing. Install {@link #handler} first; it reads the header once and
 * refuses any other value with 400, so a typo can never turn a sandboxed write into a real one. Then ask
 * {@link #active(RoutingContext)} wherever behaviour differs. A sandboxed copy may carry a session snapshot
 * ({@value #SESSION_HEADER}): the session attributes its route names, as they were when the request reached the proxy,
 * before the primary could change them; read it with {@link #sessionSnapshot(RoutingContext)}.
 */
public final class Sandbox {

  public static final String HEADER = "X-Strangler-Sandbox";
  /** The one value that turns sandbox mode on. */
  public static final String ON = "1";
  /**
   * The session snapshot a sandboxed copy may carry: base64url (padding optional) of a JSON object of attribute name to
   * its JSON value, null when the session had none. Read only in sandbox mode.
   */
  public static final String SESSION_HEADER = "X-Strangler-Sandbox-Session";
  private static final String CONTEXT_KEY = "strangler.sandbox";
  private static final String SNAPSHOT_KEY = "strangler.sandbox.session";

  private Sandbox() {}

  /** The snapshot in a header value, or null when it is not base64url of a JSON object. */
  private static JsonObject snapshot(String value) {
    try {
      Object decoded = Json.decodeValue(new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8));
      return decoded instanceof JsonObject object ? object : null;
    } catch (IllegalArgumentException | DecodeException e) {
      return null;
    }
  }

  /** Reads the header into the routing context; 400 (in {@code format}) for a value other than {@value #ON} or a repeated header. */
  public static Handler<RoutingContext> handler(ProblemFormat format) {
    Objects.requireNonNull(format, "format == null");
    return ctx -> {
      List<String> values = ctx.request().headers().getAll(HEADER);
      if (values.size() > 1 || (values.size() == 1 && !ON.equals(values.get(0).trim()))) {
        ProblemHandlers.send(ctx, Problem.invalidField(HEADER, "must be " + ON + " when present, once"), format);
        return;
      }
      boolean active = values.size() == 1;
      ctx.put(CONTEXT_KEY, active);
      if (active) {
        List<String> snapshots = ctx.request().headers().getAll(SESSION_HEADER);
        JsonObject snapshot = snapshots.size() == 1 ? snapshot(snapshots.get(0)) : null;
        if (snapshots.size() > 1 || (snapshots.size() == 1 && snapshot == null)) {
          ProblemHandlers.send(ctx, Problem.invalidField(SESSION_HEADER, "must be base64url of a JSON object when present,"
              + " once"), format);
          return;
        }
        ctx.put(SNAPSHOT_KEY, snapshot);
      }
      ctx.next();
    };
  }

  /**
   * The session snapshot of a sandboxed request (a copy of its own each call): attribute name to its JSON value as the
   * session held it when the request reached the proxy, null for an attribute the session lacked. Empty outside sandbox
   * mode, or when the copy carried none (no session, or a route without {@code sandboxSession}): then read the session
   * itself.
   */
  public static Optional<JsonObject> sessionSnapshot(RoutingContext ctx) {
    JsonObject snapshot = active(ctx) ? ctx.get(SNAPSHOT_KEY) : null;
    return Optional.ofNullable(snapshot).map(JsonObject::copy);
  }

  /** Whether this request runs in sandbox mode; false when {@link #handler} did not run. */
  public static boolean active(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(CONTEXT_KEY));
  }
}
