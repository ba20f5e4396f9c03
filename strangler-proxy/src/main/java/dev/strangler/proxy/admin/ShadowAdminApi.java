package dev.strangler.proxy.admin;

import dev.strangler.proxy.shadow.ShadowSummary;
import dev.strangler.proxy.shadow.ShadowSummaryStore;
import dev.strangler.proxy.table.LiveRouteTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin API's shadow results: every route's fleet-wide summary, one route's with its recent mismatches, and a reset.
 * Mounted on {@link AdminApi#router()}, behind its tokens (a reset needs the writer's) and problem answers.
 */
public final class ShadowAdminApi {

  /** Differing paths listed per route. */
  public static final int TOP_PATHS = 10;
  /** Recent mismatches listed for one route unless {@code ?limit=} says otherwise (at most {@value #MAX_LIMIT}). */
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;


  private final ShadowSummaryStore store;
  private final LiveRouteTable live;

  public ShadowAdminApi(ShadowSummaryStore store, LiveRouteTable live) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.live = Objects.requireNonNull(live, "live == null");
  }

  /** Adds the endpoints to the admin router (after its token check). */
  public void mount(Router router) {
    router.get("/admin/shadow").handler(this::all);
    router.get("/admin/shadow/:route").handler(this::one);
    router.delete("/admin/shadow/:route").handler(this::reset);
  }

  /** Without a Redis for shadow results: the endpoints answer a problem saying how to turn them on. */
  public static void mountOff(Router router) {
    AdminApi.mountOff(router, "/admin/shadow*", "shadow results are not recorded");
  }

  private void all(RoutingContext ctx) {
    store.routes()
        .compose(routes -> Future.all(routes.stream().map(route -> store.summary(route, TOP_PATHS)).toList()))
        .map(all -> all.<Optional<ShadowSummary>>list().stream().flatMap(Optional::stream).map(ShadowSummary::toJson).toList())
        .onSuccess(summaries -> ctx.json(new JsonObject().put("routes", new JsonArray(summaries))))
        .onFailure(e -> ctx.fail(unavailable(e)));
  }

  private void one(RoutingContext ctx) {
    String route = AdminApi.routeId(ctx);
    int limit = AdminApi.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    store.summary(route, TOP_PATHS).compose(found -> {
      if (found.isEmpty()) {
        return known(route) ? Future.succeededFuture(new JsonObject().put("route", route).put("compared", 0)
            .put("recentMismatches", new JsonArray())) : Future.failedFuture(noData(route));
      }
      ShadowSummary summary = found.get();
      return store.recentMismatches(route, summary.since(), limit)
          .map(recent -> summary.toJson().put("recentMismatches", new JsonArray(List.copyOf(recent))));
    }).onSuccess(ctx::json).onFailure(e -> ctx.fail(e instanceof AdminProblem ? e : unavailable(e)));
  }

  private void reset(RoutingContext ctx) {
    String route = AdminApi.routeId(ctx);
    String actor = AdminApi.actor(ctx);
    store.summary(route, 1).compose(found -> found.isEmpty() && !known(route) ? Future.failedFuture(noData(route))
            : store.reset(route).map(since -> {
              Audit.log(Audit.entry(ctx, actor).put("action", "reset shadow results " + route)
                  .put("before", found.map(s -> new JsonObject().put("since", String.valueOf(s.since())).put("compared", s.compared()))
                      .orElse(null))
                  .put("after", new JsonObject().put("since", since.toString())));
              return new JsonObject().put("route", route).put("since", since.toString());
            }))
        .onSuccess(ctx::json).onFailure(e -> ctx.fail(e instanceof AdminProblem ? e : unavailable(e)));
  }

  private boolean known(String route) {
    return live.current().definition().route(route).isPresent();
  }


  private static AdminProblem noData(String route) {
    return new AdminProblem(404, "no route '" + route + "' in the route table and no shadow results for it");
  }

  private static AdminProblem unavailable(Throwable cause) {
    return new AdminProblem(503, "the shadow results store did not answer", cause);
  }
}
