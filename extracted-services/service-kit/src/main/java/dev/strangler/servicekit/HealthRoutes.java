package dev.strangler.servicekit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Liveness ({@code /health/live}: the process answers) and readiness ({@code /health/ready}: its
 * dependencies answer, so the proxy may send it traffic).
 */
public final class HealthRoutes {

  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";

  private HealthRoutes() {}

  /** {@code readiness} completes when the service can take traffic and fails with the reason when not. */
  public static Router install(Router router, Supplier<Future<?>> readiness) {
    Objects.requireNonNull(readiness, "readiness == null");
    router.get(LIVE).handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get(READY).handler(ctx -> readiness.get()
        .onSuccess(ok -> ctx.json(new JsonObject().put("status", "UP")))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "DOWN").put("reason", String.valueOf(e.getMessage())).encode())));
    return router;
  }
}
