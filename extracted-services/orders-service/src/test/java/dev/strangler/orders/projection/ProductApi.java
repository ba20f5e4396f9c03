package dev.strangler.orders.projection;

import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The monolith's public product pages on loopback ({@code GET /api/products?sort=sku&size=&page=}, the monolith's JSON),
 * with the requests it was sent and a gate: while closed, page requests are held unanswered until it opens.
 */
final class ProductApi implements AutoCloseable {

  final Map<String, JsonObject> products = new ConcurrentSkipListMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** Pages from this one on are answered 503; -1: none. */
  final AtomicInteger failFromPage = new AtomicInteger(-1);
  private final AtomicReference<Promise<Void>> gate = new AtomicReference<>(openGate());
  private final Vertx vertx;
  private final HttpServer server;

  /**
   * {@code count} products {@code ACME-00001}…, price {@code <i>.99}, stock {@code i % 7}; on {@code port} (0: any); with
   * {@code held}, page requests are held from the first.
   */
  ProductApi(Vertx vertx, int count, int port, boolean held) {
    this.vertx = vertx;
    if (held) {
      hold();
    }
    for (int i = 1; i <= count; i++) {
      put(product(i));
    }
    server = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(this::page).listen(port, "127.0.0.1"));
  }

  /** The {@code i}th product as this stand-in serves it. */
  static JsonObject product(int i) {
    return product(String.format("ACME-%05d", i), "Product " + i, i + ".99", i % 7, "2026-11-01T00:00:00Z");
  }

  static JsonObject product(String sku, String name, String price, int stock, String updatedAt) {
    return new JsonObject().put("sku", sku).put("name", name).put("description", "made of oak").put("price", Double.parseDouble(price))
        .put("category", "home").put("stock", stock).put("updatedAt", updatedAt);
  }

  void put(JsonObject product) {
    products.put(product.getString("sku"), product);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int port() {
    return server.actualPort();
  }

  /** Page requests are held from now on. */
  void hold() {
    gate.set(Promise.promise());
  }

  /** Held requests are answered, and later ones at once. */
  void release() {
    gate.get().tryComplete();
  }

  private void page(HttpServerRequest req) {
    requests.add(req.uri());
    if (!req.path().equals("/api/products") || !"sku".equals(req.getParam("sort"))) {
      req.response().setStatusCode(404).end();
      return;
    }
    int page = Integer.parseInt(req.getParam("page"));
    int size = Integer.parseInt(req.getParam("size"));
    if (failFromPage.get() >= 0 && page >= failFromPage.get()) {
      req.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json").end("{\"title\":\"Service Unavailable\"}");
      return;
    }
    gate.get().future().onComplete(v -> {
      List<JsonObject> sorted = List.copyOf(new TreeMap<>(products).values());
      JsonArray items = new JsonArray();
      sorted.stream().skip((long) page * size).limit(size).forEach(items::add);
      req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).put("page", page)
          .put("size", size).put("totalItems", sorted.size()).put("totalPages", (sorted.size() + size - 1) / size).encode());
    });
  }

  private static Promise<Void> openGate() {
    Promise<Void> open = Promise.promise();
    open.complete();
    return open;
  }

  @Override
  public void close() {
    release();
    OnVertx.await(vertx, () -> server.close());
  }
}
