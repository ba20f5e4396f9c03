package dev.strangler.proxy.admin;

import dev.strangler.proxy.capture.CaptureStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's capture endpoints: {@code GET /admin/capture} streams the captured exchanges as JSON Lines, oldest
 * first, a page at a time (never the whole capture in memory, and at the client's pace); {@code DELETE /admin/capture}
 * clears it, audit-logged. Mounted on the {@link AdminApi}'s router, behind its tokens.
 */
public final class CaptureApi {

  public static final String PATH = "/admin/capture";
  /** The export's media type: one JSON object per line. */
  public static final String NDJSON = "application/x-ndjson";
  private static final Set<String> EXPORT_PARAMS = Set.of("route", "since", "limit");
  private static final Set<String> CLEAR_PARAMS = Set.of("route");
  private static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}(-\\d{1,20})?");
  private static final Logger LOG = LoggerFactory.getLogger(CaptureApi.class);

  private final CaptureStore store;

  /** {@code store} null: the proxy has no Redis for the capture, and both endpoints say so. */
  public CaptureApi(CaptureStore store) {
    this.store = store;
  }

  /** Adds the endpoints to the admin API's {@code router} (after its token check). */
  public void mount(Router router) {
    router.get(PATH).handler(this::export);
    router.delete(PATH).handler(this::clear);
  }

  private void export(RoutingContext ctx) {
    known(ctx, EXPORT_PARAMS);
    String route = route(ctx);
    String start = start(ctx.request().getParam("since"));
    long limit = AdminApi.intParam(ctx, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    CaptureStore capture = requireStore();
    HttpServerResponse response = ctx.response();
    capture.page(start).onSuccess(first -> {
      response.setChunked(true).putHeader("Content-Type", NDJSON);
      write(capture, response, first, route, limit);
    }).onFailure(e -> ctx.fail(unavailable(e)));
  }

  /** Writes one page, then fetches the next once the client has taken what is queued. */
  private void write(CaptureStore capture, HttpServerResponse response, CaptureStore.Page page, String route, long left) {
    if (response.closed()) {
      return; // the client left: read no further page
    }
    long remaining = left;
    for (CaptureStore.Entry entry : page.entries()) {
      if (remaining == 0) {
        break;
      }
      if (entry.line() != null && (route == null || route.equals(entry.route()))) {
        response.write(entry.line() + "\n");
        remaining--;
      }
    }
    if (remaining == 0 || page.next() == null) {
      response.end();
      return;
    }
    long next = remaining;
    Runnable more = () -> capture.page(page.next()).onSuccess(p -> write(capture, response, p, route, next))
        .onFailure(e -> {
          // The status is sent: cut the connection so the client can't take a partial export for a whole one.
          LOG.warn("capture export cut: the capture Redis failed ({})", e.toString());
          response.reset();
        });
    if (response.writeQueueFull()) {
      response.drainHandler(v -> more.run());
    } else {
      more.run();
    }
  }

  private void clear(RoutingContext ctx) {
    known(ctx, CLEAR_PARAMS);
    String route = route(ctx);
    Future<Long> cleared = route == null ? requireStore().clear() : requireStore().clear(route);
    cleared.onSuccess(n -> {
      Audit.log(Audit.entry(ctx, AdminApi.actor(ctx)).put("action", "capture clear").put("route", route).put("deleted", n));
      ctx.json(new JsonObject().put("deleted", n).put("route", route));
    }).onFailure(e -> ctx.fail(unavailable(e)));
  }

  /** {@code since}: an ISO-8601 instant (entries added from then on) or a stream id (entries after it); default all. */
  static String start(String since) {
    if (since == null) {
      return "-";
    }
    if (STREAM_ID.matcher(since).matches()) {
      return "(" + since;
    }
    try {
      return Instant.parse(since).toEpochMilli() + "-0";
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new AdminProblem(400, "since: an ISO-8601 instant (e.g. 2026-11-29T06:00:00Z) or a capture stream id "
          + "(e.g. 1764396000000-0)");
    }
  }

  private static String route(RoutingContext ctx) {
    String route = ctx.request().getParam("route");
    if (route != null && !ROUTE_ID.matcher(route).matches()) {
      throw new AdminProblem(400, "route: a route id (letters, digits, '.', '_' and '-')");
    }
    return route;
  }

  private static void known(RoutingContext ctx, Set<String> params) {
    for (String name : ctx.queryParams().names()) {
      if (!params.contains(name)) {
        throw new AdminProblem(400, name + ": unknown parameter (known: " + String.join(", ", new java.util.TreeSet<>(params))
            + ")");
      }
    }
  }

  private static AdminProblem unavailable(Throwable cause) {
    LOG.warn("capture Redis failed: {}", cause.toString());
    return new AdminProblem(503, "the capture Redis did not answer");
  }

  private CaptureStore requireStore() {
    if (store == null) {
      throw new AdminProblem(409, "the capture has no Redis: set STRANGLER_CAPTURE_REDIS_URL or STRANGLER_REDIS_URL");
    }
    return store;
  }
}
