package dev.strangler.servicekit.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ProductPages} against a loopback server answering as the monolith's product list does (7 products). */
@ExtendWith(VertxExtension.class)
class ProductPagesIT {

  private static final int PRODUCTS = 7;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicLong watermark = new AtomicLong(40);
  private Vertx vertx;
  private HttpServer server;
  private volatile int status = 200;
  private volatile String body;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    server = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> {
      log.add("GET " + req.uri());
      int page = Integer.parseInt(req.getParam("page"));
      int size = Integer.parseInt(req.getParam("size"));
      JsonArray items = new JsonArray();
      for (int i = page * size + 1; i <= Math.min(PRODUCTS, (page + 1) * size); i++) {
        items.add(new JsonObject().put("sku", "ACME-0000" + i).put("price", 1.5));
      }
      String page0 = new JsonObject().put("items", items).put("page", page).put("size", size).put("totalItems", PRODUCTS)
          .put("totalPages", (PRODUCTS + size - 1) / size).encode();
      req.response().setStatusCode(status).end(body != null ? body : page0);
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    OnVertx.await(vertx, server::close);
  }

  private ProductPages pages(int size) {
    return new ProductPages(vertx.createHttpClient(), URI.create("http://127.0.0.1:" + server.actualPort()), size, () -> {
      log.add("watermark " + watermark.get());
      return Future.succeededFuture(watermark.getAndIncrement());
    });
  }

  @Test
  void everyPageFromTheFirstGivenIsReadInSkuOrderEachVersionedByAWatermarkReadBeforeIt() {
    List<ProductPages.Page> seen = new CopyOnWriteArrayList<>();

    ProductPages.Summary summary = OnVertx.await(vertx, () -> pages(3).each(1, page -> {
      seen.add(page);
      return Future.succeededFuture();
    }));

    assertThat(log).containsExactly("watermark 40", "GET /api/products?sort=sku&size=3&page=1",
        "watermark 41", "GET /api/products?sort=sku&size=3&page=2");
    assertThat(seen).extracting(ProductPages.Page::number).containsExactly(1, 2);
    assertThat(seen).extracting(ProductPages.Page::watermark).containsExactly(40L, 41L);
    assertThat(seen.get(1).items().getJsonObject(0).getString("sku")).isEqualTo("ACME-00007");
    assertThat(summary.fromPage()).isEqualTo(1);
    assertThat(summary.pages()).isEqualTo(2);
    assertThat(summary.products()).isEqualTo(4);
  }

  @Test
  void aPageIsNotRequestedBeforeTheSinkHasTakenThePreviousOne() {
    List<String> order = new CopyOnWriteArrayList<>();

    OnVertx.await(vertx, () -> pages(5).each(0, page -> {
      order.add("sink " + page.number());
      return vertx.timer(20).map(v -> order.add("sunk " + page.number()));
    }));

    assertThat(order).containsExactly("sink 0", "sunk 0", "sink 1", "sunk 1");
  }

  @Test
  void anAnswerOtherThan200FailsNamingTheStatusAndBody() {
    status = 503;
    body = "{\"title\":\"Service Unavailable\"}";

    assertThatThrownBy(() -> OnVertx.await(vertx, () -> pages(5).each(0, page -> Future.succeededFuture())))
        .hasMessageContaining("/api/products?sort=sku&size=5&page=0 answered 503: {\"title\":\"Service Unavailable\"}");
  }

  @Test
  void anAnswerThatIsNotAPageFailsNamingThePage() {
    body = "<html>maintenance</html>";

    assertThatThrownBy(() -> OnVertx.await(vertx, () -> pages(5).read(3)))
        .hasMessageContaining("product page 3 from http://127.0.0.1:" + server.actualPort() + " is not a page");
  }

  @Test
  void thePageSizeIsBoundedAsTheMonolithBoundsIt() {
    assertThatThrownBy(() -> pages(101)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 100");
    assertThatThrownBy(() -> pages(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
