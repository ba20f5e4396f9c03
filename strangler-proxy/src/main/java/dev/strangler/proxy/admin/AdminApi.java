package dev.strangler.proxy.admin;

import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteLine;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.table.FleetStatus;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.proxy.table.RedisRouteStore;
import dev.strangler.proxy.table.RouteTableDiff;
import dev.strangler.proxy.table.RouteTableVersion;
import dev.strangler.proxy.table.StaleEpochException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The admin API: read the routes, replace the table, flip one route, roll back to an earlier epoch,
 * read the history and the fleet's applied epochs. Every call but health needs a bearer token;
 * a read-only token may not change anything. Every change is audit-logged with actor, before and after.
 */
public final class AdminApi {

  /** Largest admin request body accepted. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;
  /** How long a change with {@code ?wait=true} waits for the whole fleet to apply it. */
  public static final Duration FLEET_WAIT = Duration.ofSeconds(3);

  /** What an actor's name may hold: it is written to logs and shown on the dashboard. */
  private static final java.util.regex.Pattern ACTOR = java.util.regex.Pattern.compile("[A-Za-z0-9@._ -]{1,100}");
  private static final java.util.regex.Pattern ROUTE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");
  private static final Set<HttpMethod> MUTATIONS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final Vertx vertx;
  private final LiveRouteTable live;
  private final RedisRouteStore store;
  private final FleetStatus fleet;
  private final BearerTokens tokens;
  private final String source;
  private java.util.function.Supplier<JsonObject> overload = () -> null;

  /** {@code store} and {@code fleet} are null when routes come from a file: then the table can't be changed here. */
  public AdminApi(Vertx vertx, AdminOptions options, LiveRouteTable live, RedisRouteStore store, FleetStatus fleet, String source) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.live = Objects.requireNonNull(live, "live == null");
    this.store = store;
    this.fleet = fleet;
    this.tokens = new BearerTokens(options.token(), options.readToken());
    this.source = Objects.requireNonNull(source, "source == null");
  }

  /** Readiness also reports {@code status} (the process's overload protection). */
  public AdminApi reportingOverload(java.util.function.Supplier<JsonObject> status) {
    this.overload = Objects.requireNonNull(status, "status == null");
    return this;
  }

  public Router router() {
    Router router = Router.router(vertx);
    router.get("/admin/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    // Ready while overloaded (the body says so): failing readiness would move the load onto the fleet's other instances at
    // once, which are under the same load; shedding already keeps this one alive.
    router.get("/admin/ready").handler(ctx -> ctx.json(new JsonObject().put("status", "UP").put("epoch", live.current().epoch())
        .put("overload", overload.get())));
    new DashboardPage().mount(router);
    router.route("/admin/*").handler(this::authorize);
    router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.get("/admin/routes").handler(this::listRoutes);
    router.get("/admin/routes/:id").handler(this::getRoute);
    router.put("/admin/routes").handler(this::replaceTable);
    router.post("/admin/routes/:id/flip").handler(this::flip);
    router.post("/admin/rollback").handler(this::rollback);
    router.get("/admin/history").handler(this::history);
    router.get("/admin/fleet").handler(this::fleetStatus);
    router.route().failureHandler(this::onFailure);
    router.errorHandler(404, ctx -> send(ctx, new AdminProblem(404, "no admin endpoint at " + ctx.request().path())));
    router.errorHandler(405, ctx -> send(ctx, new AdminProblem(405, ctx.request().method() + " is not allowed on " + ctx.request().path())));
    return router;
  }

  private void authorize(RoutingContext ctx) {
    BearerTokens.Role role = tokens.roleOf(ctx.request().getHeader("Authorization"));
    if (role == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"strangler-admin\"");
      send(ctx, new AdminProblem(401, "a valid bearer token is required"));
    } else if (MUTATIONS.contains(ctx.request().method()) && role != BearerTokens.Role.WRITER) {
      send(ctx, new AdminProblem(403, "this token may only read"));
    } else if (MUTATIONS.contains(ctx.request().method()) && hasBody(ctx) && !jsonOrYaml(ctx.request().getHeader("Content-Type"))) {
      send(ctx, new AdminProblem(415, "send the body as application/json (or application/yaml for a whole table)"));
    } else {
      ctx.next();
    }
  }

  private void listRoutes(RoutingContext ctx) {
    RouteTable table = live.current();
    ctx.json(new JsonObject().put("epoch", table.epoch()).put("source", source)
        .put("lines", new JsonArray(table.definition().routes().stream().map(RouteLine::render).toList()))
        .put("table", new JsonObject(RouteTableCodec.toJson(table.definition()))));
  }

  private void getRoute(RoutingContext ctx) {
    RouteTable table = live.current();
    var route = table.definition().route(ctx.pathParam("id"))
        .orElseThrow(() -> new AdminProblem(404, "no route '" + ctx.pathParam("id") + "' in the route table"));
    ctx.json(new JsonObject().put("epoch", table.epoch()).put("line", RouteLine.render(route))
        .put("route", new JsonObject(RouteTableCodec.toTree(route).toString())));
  }

  private void replaceTable(RoutingContext ctx) {
    RouteTableDefinition proposed;
    try {
      proposed = RouteTableCodec.parse(ctx.body().asString());
    } catch (InvalidRouteTableException e) {
      throw new AdminProblem(422, "the route table is invalid", e.problems());
    }
    Long expected = ifMatch(ctx);
    change(ctx, "replace", current -> proposed, expected, ctx.request().getHeader("X-Change-Reason"));
  }

  private void flip(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String id = ctx.pathParam("id");
    change(ctx, "flip " + id, current -> RouteChanges.flip(current, id, body), ifMatch(ctx), body.getString("reason"));
  }

  private void rollback(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (!(body.getValue("epoch") instanceof Number n) || n.longValue() < 1) {
      throw new AdminProblem(400, "epoch: give the epoch to roll back to, a whole number from 1");
    }
    long epoch = n.longValue();
    requireStore().version(epoch).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        send(ctx, new AdminProblem(404, "no epoch " + epoch + " in the route table history"));
      } else {
        RouteTableDefinition old = ar.result().get().table();
        String reason = "rollback to epoch " + epoch + (body.getString("reason") == null ? "" : ": " + body.getString("reason"));
        change(ctx, "rollback", current -> old, null, reason);
      }
    });
  }

  private void history(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 20, 1, 1000);
    requireStore().history(limit).onSuccess(versions -> ctx.json(new JsonObject()
        .put("versions", new JsonArray(versions.stream().map(RouteTableVersion::summary).toList()))))
        .onFailure(ctx::fail);
  }

  private void fleetStatus(RoutingContext ctx) {
    requireStore();
    Future.all(store.currentEpoch(), fleet.members()).onSuccess(all -> {
      long epoch = all.resultAt(0);
      List<FleetStatus.Member> members = all.resultAt(1);
      ctx.json(new JsonObject().put("epoch", epoch).put("allApplied", FleetStatus.allApplied(members, epoch))
          .put("instances", new JsonArray(members.stream().map(FleetStatus.Member::toJson).toList())));
    }).onFailure(ctx::fail);
  }

  /** Reads the current version, builds the new table, validates it for this instance, publishes it and answers. */
  private void change(RoutingContext ctx, String action, java.util.function.UnaryOperator<RouteTableDefinition> edit,
                      Long expectedEpoch, String reason) {
    RedisRouteStore redis = requireStore();
    String actor = actor(ctx);
    redis.current().compose(current -> {
      long base = current.map(RouteTableVersion::epoch).orElse(0L);
      if (expectedEpoch != null && expectedEpoch != base) {
        return Future.failedFuture(new StaleEpochException(expectedEpoch, base));
      }
      RouteTableDefinition before = current.map(RouteTableVersion::table).orElse(live.current().definition());
      RouteTableDefinition after = edit.apply(before);
      try {
        RouteTable.compile(base + 1, after, live.restricted(), live.sessions());
      } catch (InvalidRouteTableException e) {
        return Future.failedFuture(new AdminProblem(422, "the route table is invalid", e.problems()));
      }
      List<String> diff = RouteTableDiff.between(current.isPresent() ? before : null, after);
      if (current.isPresent() && diff.isEmpty()) {
        return Future.succeededFuture(new JsonObject().put("epoch", base).put("changed", false));
      }
      return redis.publish(after, base, diff, actor, reason).map(version -> {
        Audit.log(Audit.entry(ctx, actor).put("action", action).put("reason", reason)
            .put("before", base).put("after", version.epoch()).put("diff", new JsonArray(diff)));
        return new JsonObject().put("epoch", version.epoch()).put("changed", true).put("diff", new JsonArray(diff));
      });
    }).compose(result -> "true".equals(ctx.request().getParam("wait")) && result.getBoolean("changed")
        ? confirm(result) : Future.succeededFuture(result))
      .onSuccess(ctx::json)
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> confirm(JsonObject result) {
    long epoch = result.getLong("epoch");
    long deadline = System.nanoTime() + FLEET_WAIT.toNanos();
    return poll(epoch, deadline).map(members -> result.put("fleet", new JsonObject()
        .put("allApplied", FleetStatus.allApplied(members, epoch))
        .put("instances", new JsonArray(members.stream().map(FleetStatus.Member::toJson).toList()))));
  }

  private Future<List<FleetStatus.Member>> poll(long epoch, long deadline) {
    return fleet.members().compose(members -> FleetStatus.allApplied(members, epoch) || System.nanoTime() > deadline
        ? Future.succeededFuture(members)
        : vertx.timer(50).compose(v -> poll(epoch, deadline)));
  }

  private RedisRouteStore requireStore() {
    if (store == null) {
      throw new AdminProblem(409, "routes come from " + source + ": change that file instead");
    }
    return store;
  }

  static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new AdminProblem(400, "the request body must be a JSON object");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new AdminProblem(400, "the request body is not a JSON object");
    }
  }

  private static Long ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.replace("\"", "").trim());
    } catch (NumberFormatException e) {
      throw new AdminProblem(400, "If-Match: give the epoch your change is based on, e.g. \"12\"");
    }
  }

  static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new AdminProblem(400, name + ": a whole number from " + min + " to " + max);
  }

  /** The {@code :route} path parameter, a route id; a 400 problem when it is not one. */
  static String routeId(RoutingContext ctx) {
    String route = ctx.pathParam("route");
    if (!ROUTE_ID.matcher(route).matches()) {
      throw new AdminProblem(400, "route: a route id (letters, digits, '.', '_' and '-'), was '" + route.replaceAll("[^ -~]", "?") + "'");
    }
    return route;
  }

  /** Without a Redis for results: the endpoints under {@code path} answer a 404 problem saying how to turn them on. */
  public static void mountOff(Router router, String path, String what) {
    router.route(path).handler(ctx -> ctx.fail(new AdminProblem(404,
        what + ": give the proxy a Redis (STRANGLER_SHADOW_RESULTS_REDIS_URL or STRANGLER_REDIS_URL)")));
  }

  /**
   * Who acts, as the history and the audit log name them: the {@code X-Actor} the caller sent, else the common name of
   * its verified client certificate (mutual TLS), else {@code admin}.
   */
  static String actor(RoutingContext ctx) {
    String named = ctx.request().getHeader("X-Actor");
    if (named != null && ACTOR.matcher(named).matches()) {
      return named;
    }
    java.security.cert.X509Certificate client = Audit.clientCertificate(ctx);
    String commonName = client == null ? null : commonName(client.getSubjectX500Principal().getName());
    return commonName != null && ACTOR.matcher(commonName).matches() ? commonName : "admin";
  }

  /** The CN of an RFC 2253 name, through the JDK's LDAP name parser (escapes and all); null without one. */
  private static String commonName(String subject) {
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return null;
    }
    return null;
  }

  /** A DELETE (a reset) carries nothing to type-check. */
  private static boolean hasBody(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    return ctx.request().getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"))
        || ctx.request().method() != HttpMethod.DELETE;
  }

  private static boolean jsonOrYaml(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || type.equals("application/yaml") || type.equals("application/x-yaml");
  }

  private void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof AdminProblem p) {
      if (p.getCause() != null) { // e.g. NOPERM from a Redis user without the key: the answer can't say, the log does
        LoggerFactory.getLogger(AdminApi.class).warn("admin {} {}: {} ({})", ctx.request().method(), ctx.request().path(),
            p.getMessage(), p.getCause().getMessage());
      }
      send(ctx, p);
    } else if (failure instanceof StaleEpochException s) {
      send(ctx, new AdminProblem(409, s.getMessage()));
    } else if (ctx.statusCode() == 413) {
      send(ctx, new AdminProblem(413, "the body is larger than " + MAX_BODY_BYTES + " bytes"));
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      send(ctx, new AdminProblem(ctx.statusCode(), "the request was refused"));
    } else {
      LoggerFactory.getLogger(AdminApi.class).error("admin {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, new AdminProblem(503, "the route store did not answer; the live table is unchanged"));
    }
  }

  private static void send(RoutingContext ctx, AdminProblem problem) {
    if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(problem.status).putHeader("Content-Type", "application/problem+json")
          .end(problem.toJson().encode());
    }
  }
}
