package dev.strangler.servicekit;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure on a router into a problem body: the caller's mistakes into precise 4xx,
 * anything else into a 500 that says nothing of the internals (the cause goes to the log only).
 */
public final class ProblemHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

  private ProblemHandlers() {}

  public static Router install(Router router) {
    return install(router, ProblemFormat.STRANGLER);
  }

  /** Installs the handlers writing problems in {@code format}. */
  public static Router install(Router router, ProblemFormat format) {
    router.route().failureHandler(ctx -> onFailure(ctx, format));
    router.errorHandler(404, ctx -> send(ctx, Problem.notFound(format.noRoute(ctx.request().path())), format));
    router.errorHandler(405, ctx -> send(ctx, new Problem(405, "Method Not Allowed",
        ctx.request().method().name() + " is not allowed on " + ctx.request().path()), format));
    return router;
  }

  public static void send(RoutingContext ctx, Problem problem) {
    send(ctx, problem, ProblemFormat.STRANGLER);
  }

  public static void send(RoutingContext ctx, Problem problem, ProblemFormat format) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.CONTENT_TYPE)
        .end(format.body(problem, ctx.request().path()).encode());
  }

  private static void onFailure(RoutingContext ctx, ProblemFormat format) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException p) {
      send(ctx, p.problem(), format);
    } else if (failure instanceof DecodeException) {
      send(ctx, Problem.badRequest("request body is not valid JSON"), format);
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      send(ctx, new Problem(ctx.statusCode(), "Client Error", null), format);
    } else {
      LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, new Problem(500, "Internal Server Error", "the service failed to handle this request"), format);
    }
  }
}
