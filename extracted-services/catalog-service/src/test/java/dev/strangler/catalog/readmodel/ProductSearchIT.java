package dev.strangler.catalog.readmodel;

import static dev.strangler.catalog.readmodel.Products.T0;
import static dev.strangler.catalog.readmodel.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.catalog.query.ProductQuery;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class ProductSearchIT {

  private Vertx vertx;
  private RedisNamespace ns;
  private CatalogReader reader;

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    Redis redis = Redis.createClient(vertx, ns.endpoint().uri());
    ProductProjection projection = new ProductProjection(redis, new ReadModelKeys(ns.prefix()));
    reader = new CatalogReader(redis, new ReadModelKeys(ns.prefix()));
    for (ProductSnapshot p : List.of(
        product("S-3", "Lamp", "10", "home", 0, T0.plusSeconds(3)),
        product("S-1", "Lamp", "10", "home", 4, T0.plusSeconds(1)),
        product("S-2", "lamp", "2.5", "home", 9, T0.plusSeconds(2)),
        product("S-4", "Heavy-Duty Kettle", "30", "kitchen", 1, T0),
        product("S-5", "Lampshade", "7", "home", 2, T0),
        product("S-6", "Zebra Rug", "10", "home", 0, T0))) {
      OnVertx.await(vertx, () -> projection.apply(p));
    }
  }

  @Test
  void namesSortByCodePointThenSkuAscendingInBothDirections() {
    assertThat(skus("name,asc", null)).containsExactly("S-4", "S-1", "S-3", "S-5", "S-6", "S-2");
    assertThat(skus("name,desc", null)).containsExactly("S-2", "S-6", "S-5", "S-1", "S-3", "S-4");
  }

  @Test
  void equalPricesAreOrderedBySkuAscendingEvenDescending() {
    assertThat(skus("price,desc", null)).containsExactly("S-4", "S-1", "S-3", "S-6", "S-5", "S-2");
    assertThat(skus("sku,desc", null)).containsExactly("S-6", "S-5", "S-4", "S-3", "S-2", "S-1");
  }

  @Test
  void filtersCombineAndTheTotalCountsEveryMatch() {
    ProductQuery query = ProductQuery.of(0, 2, "price", "home", new BigDecimal("2.5"), new BigDecimal("10"), true, null);

    CatalogReader.Page page = OnVertx.await(vertx, () -> reader.search(query));

    assertThat(page.totalItems()).isEqualTo(3);
    assertThat(page.items()).extracting(i -> new JsonObject(i).getString("sku")).containsExactly("S-2", "S-5");
  }

  @Test
  void textMatchesStemsPhrasesNegationsFragmentsAndSkus() {
    assertThat(skus("sku", "lamping")).containsExactly("S-1", "S-2", "S-3");
    assertThat(skus("sku", "LAMP")).containsExactly("S-1", "S-2", "S-3", "S-5");
    assertThat(skus("sku", "\"heavy duty\"")).containsExactly("S-4");
    assertThat(skus("sku", "oak -lamp")).containsExactly("S-4", "S-5", "S-6");
    assertThat(skus("sku", "s-4")).containsExactly("S-4");
    assertThat(skus("sku", "ebra r")).containsExactly("S-6");
    assertThat(skus("sku", "nothing-like-it")).isEmpty();
  }

  @Test
  void aQueryLeavesNoScratchKeysBehind() {
    skus("name", "oak -lamp or \"heavy duty\" kettle");

    assertThat(ns.keys()).noneMatch(k -> k.contains(":tmp:"));
  }

  private List<String> skus(String sort, String q) {
    CatalogReader.Page page = OnVertx.await(vertx, () -> reader.search(ProductQuery.of(0, 100, sort, null, null, null, null, q)));
    return page.items().stream().map(i -> new JsonObject(i).getString("sku")).toList();
  }
}
