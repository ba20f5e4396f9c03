package dev.strangler.proxy.admin;

import dev.strangler.proxy.traffic.RouteTraffic;
import dev.strangler.proxy.traffic.TrafficStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The admin API's route traffic: every route's fleet-wide requests per side, one route's, and a reset. Mounted on
 * {@link AdminApi#router()}, behind its tokens (a reset needs the writer's) and problem answers.
 */
public final class TrafficAdminApi {


  private final TrafficStore store;

  public TrafficAdminApi(TrafficStore store) {
    this.store = Objects.requireNonNull(store, "store == null");
  }

  /** Adds the endpoints to the admin router (after its token check). */
  public void mount(Router router) {
    router.get("/admin/traffic").handler(this::all);
    router.get("/admin/traffic/:route").handler(this::one);
    router.delete("/admin/traffic/:route").handler(this::reset);
  }

  private void all(RoutingContext ctx) {
    store.routes()
        .compose(routes -> Future.all(routes.stream().map(store::traffic).toList()))
        .map(all -> all.<RouteTraffic>list().stream().map(RouteTraffic::toJson).toList())
        .onSuccess(routes -> ctx.json(new JsonObject().put("routes", new JsonArray(routes))))
        .onFailure(e -> ctx.fail(unavailable(e)));
  }

  private void one(RoutingContext ctx) {
    store.traffic(AdminApi.routeId(ctx)).map(RouteTraffic::toJson)
        .onSuccess(ctx::json).onFailure(e -> ctx.fail(unavailable(e)));
  }

  private void reset(RoutingContext ctx) {
    String route = AdminApi.routeId(ctx);
    String actor = AdminApi.actor(ctx);
    store.traffic(route).compose(before -> store.reset(route).map(since -> {
      Audit.log(Audit.entry(ctx, actor).put("action", "reset route traffic " + route)
          .put("before", before.toJson()).put("after", new JsonObject().put("since", since.toString())));
      return new JsonObject().put("route", route).put("since", since.toString());
    })).onSuccess(ctx::json).onFailure(e -> ctx.fail(unavailable(e)));
  }

  private static AdminProblem unavailable(Throwable cause) {
    return new AdminProblem(503, "the route traffic store did not answer", cause);
  }
}
