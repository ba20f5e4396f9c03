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
    router.route().failureHandler(ProblemHandlers::onFailure);
    router.errorHandler(404, ctx -> send(ctx, Problem.notFound("no resource at " + ctx.request().path())));
    router.errorHandler(405, ctx -> send(ctx, new Problem(405, "Method Not Allowed",
        ctx.request().method().name() + " is not allowed on " + ctx.request().path())));
    return router;
  }

  public static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.CONTENT_TYPE).end(problem.toJson().encode());
  }

  private static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException p) {
      send(ctx, p.problem());
    } else if (failure instanceof DecodeException) {
      send(ctx, Problem.badRequest("request body is not valid JSON"));
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      send(ctx, new Problem(ctx.statusCode(), "Client Error", null));
    } else {
      LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, new Problem(500, "Internal Server Error", "the service failed to handle this request"));
    }
  }
}
