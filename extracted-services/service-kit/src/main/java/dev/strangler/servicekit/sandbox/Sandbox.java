package dev.strangler.servicekit.sandbox;

import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemFormat;
import dev.strangler.servicekit.ProblemHandlers;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * Sandbox mode: a request marked {@code X-Strangler-Sandbox: 1} (only the proxy can send it: it strips every
 * client-sent {@code X-Strangler-*}) must have no effect anyone else sees. The service writes to its sandbox store,
 * calls nothing with side effects, publishes nothing. Install {@link #handler} first; it reads the header once and
 * refuses any other value with 400, so a typo can never turn a sandboxed write into a real one. Then ask
 * {@link #active(RoutingContext)} wherever behaviour differs.
 */
public final class Sandbox {

  public static final String HEADER = "X-Strangler-Sandbox";
  /** The one value that turns sandbox mode on. */
  public static final String ON = "1";
  private static final String CONTEXT_KEY = "strangler.sandbox";

  private Sandbox() {}

  /** Reads the header into the routing context; 400 (in {@code format}) for a value other than {@value #ON} or a repeated header. */
  public static Handler<RoutingContext> handler(ProblemFormat format) {
    Objects.requireNonNull(format, "format == null");
    return ctx -> {
      List<String> values = ctx.request().headers().getAll(HEADER);
      if (values.size() > 1 || (values.size() == 1 && !ON.equals(values.get(0).trim()))) {
        ProblemHandlers.send(ctx, Problem.invalidField(HEADER, "must be " + ON + " when present, once"), format);
        return;
      }
      ctx.put(CONTEXT_KEY, values.size() == 1);
      ctx.next();
    };
  }

  /** Whether this request runs in sandbox mode; false when {@link #handler} did not run. */
  public static boolean active(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(CONTEXT_KEY));
  }
}
