package dev.strangler.catalog.backfill;

import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for the monolith's catalog API on loopback: categories and SKU-ordered product pages, and a count of page requests. */
public final class FakeMonolith implements AutoCloseable {

  public final List<ProductSnapshot> products = new CopyOnWriteArrayList<>();
  public final List<String> pagesServed = new CopyOnWriteArrayList<>();
  /** Answers 503 to product pages from this page on; -1 never. */
  public final AtomicInteger failFromPage = new AtomicInteger(-1);
  private final Vertx vertx;
  private final HttpServer server;

  public FakeMonolith(Vertx vertx, int productCount) {
    this.vertx = vertx;
    for (int i = 1; i <= productCount; i++) {
      products.add(new ProductSnapshot(String.format("ACME-%05d", i), "Product " + (productCount - i), "made of oak",
          new BigDecimal(i + ".99"), i % 2 == 0 ? "home" : "toys", i % 5, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i)));
    }
    server = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/api/categories")) {
        req.response().putHeader("Content-Type", "application/json").end(new JsonArray()
            .add(new JsonObject().put("slug", "home").put("name", "Home").put("productCount", 0))
            .add(new JsonObject().put("slug", "toys").put("name", "Toys").put("productCount", 0)).encode());
        return;
      }
      int page = Integer.parseInt(req.getParam("page"));
      int size = Integer.parseInt(req.getParam("size"));
      pagesServed.add(req.uri());
      if (failFromPage.get() >= 0 && page >= failFromPage.get()) {
        req.response().setStatusCode(503).end("{\"title\":\"Service Unavailable\"}");
        return;
      }
      List<ProductSnapshot> sorted = new ArrayList<>(products);
      sorted.sort(Comparator.comparing(ProductSnapshot::sku));
      JsonArray items = new JsonArray();
      sorted.stream().skip((long) page * size).limit(size).forEach(p -> items.add(p.toJson()));
      req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).put("page", page)
          .put("size", size).put("totalItems", sorted.size()).put("totalPages", (sorted.size() + size - 1) / size).encode());
    }).listen(0, "127.0.0.1"));
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @Override
  public void close() {
    OnVertx.await(vertx, server::close);
  }
}
