package dev.strangler.orders.stock;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real HTTP server on loopback implementing the monolith's internal reservation API (contract C1) over
 * in-memory stock, for tests until the monolith's own endpoint is there: bearer token, all-or-nothing reservations
 * idempotent by id, the checkout's 409 body for a shortage, releases idempotent.
 */
public final class StockServer implements AutoCloseable {

  public static final String TOKEN = "test-internal-token-0123456789";

  public final Map<String, Integer> stock = new ConcurrentHashMap<>();
  /** reservationId to status (HELD, RELEASED). */
  public final Map<String, String> reservations = new ConcurrentHashMap<>();
  public final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, JsonObject> lines = new ConcurrentHashMap<>();
  private final HttpServer server;
  private volatile io.vertx.core.Promise<Void> gate;

  public StockServer(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route("/internal/*").handler(ctx -> {
      if (!("Bearer " + TOKEN).equals(ctx.request().getHeader("Authorization"))) {
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/problem+json").end("{\"status\":401}");
      } else {
        ctx.next();
      }
    });
    router.post("/internal/stock/reservations").handler(BodyHandler.create()).handler(this::reserve);
    router.delete("/internal/stock/reservations/:id").handler(this::release);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public long count(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).count();
  }

  /** Holds every reservation's answer until {@link #open()}; for tests of what happens meanwhile. */
  public void hold() {
    gate = io.vertx.core.Promise.promise();
  }

  public void open() {
    gate.tryComplete();
  }

  private void reserve(RoutingContext ctx) {
    String id = ctx.body().asJsonObject().getString("reservationId");
    calls.add("reserve " + id);
    io.vertx.core.Promise<Void> held = gate;
    if (held == null) {
      answerReserve(ctx);
    } else {
      held.future().onComplete(v -> answerReserve(ctx));
    }
  }

  private synchronized void answerReserve(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String id = body.getString("reservationId");
    JsonObject wanted = body.getJsonObject("lines");
    if (reservations.containsKey(id)) {
      ctx.response().setStatusCode(wanted.equals(lines.get(id)) ? 200 : 422).end(held(id, wanted).encode());
      return;
    }
    JsonArray shortages = new JsonArray();
    new TreeMap<>(wanted.getMap()).forEach((sku, q) -> {
      int available = stock.getOrDefault(sku, 0);
      if (available < ((Number) q).intValue()) {
        shortages.add(new JsonObject().put("sku", sku).put("requested", q).put("available", available));
      }
    });
    if (!shortages.isEmpty()) {
      String skus = String.join(", ", shortages.stream().map(s -> ((JsonObject) s).getString("sku")).toList());
      ctx.response().setStatusCode(409).putHeader("Content-Type", "application/problem+json")
          .end(new JsonObject().put("detail", "not enough stock for " + skus).put("instance", "/api/orders")
              .put("status", 409).put("title", "Out of Stock").put("shortages", shortages).encode());
      return;
    }
    wanted.forEach(e -> stock.merge(e.getKey(), -((Number) e.getValue()).intValue(), Integer::sum));
    reservations.put(id, "HELD");
    lines.put(id, wanted);
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(held(id, wanted).encode());
  }

  private JsonObject held(String id, JsonObject wanted) {
    JsonArray rendered = new JsonArray();
    new TreeMap<>(wanted.getMap()).forEach((sku, q) -> rendered.add(new JsonObject().put("sku", sku).put("quantity", q)
        .put("stockAfter", stock.getOrDefault(sku, 0))));
    return new JsonObject().put("reservationId", id).put("status", "HELD").put("lines", rendered);
  }

  private synchronized void release(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    calls.add("release " + id);
    if ("HELD".equals(reservations.get(id))) {
      lines.get(id).forEach(e -> stock.merge(e.getKey(), ((Number) e.getValue()).intValue(), Integer::sum));
      reservations.put(id, "RELEASED");
    }
    ctx.response().setStatusCode(204).end();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
