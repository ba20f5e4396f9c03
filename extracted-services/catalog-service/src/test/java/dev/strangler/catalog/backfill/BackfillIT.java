package dev.strangler.catalog.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.catalog.CatalogApplication;
import dev.strangler.catalog.readmodel.CatalogReader;
import dev.strangler.catalog.readmodel.ProductProjection;
import dev.strangler.catalog.readmodel.ProductProjection.Outcome;
import dev.strangler.catalog.readmodel.ReadModelKeys;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class BackfillIT {

  private Vertx vertx;
  private FakeMonolith monolith;
  private Backfill backfill;
  private CatalogReader reader;

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    monolith = new FakeMonolith(vertx, 25);
    Redis redis = CatalogApplication.redis(vertx, ns.endpoint().uri());
    ReadModelKeys keys = new ReadModelKeys(ns.prefix());
    backfill = new Backfill(vertx.createHttpClient(), monolith.base(), new ProductProjection(redis, keys), redis, keys, 10);
    reader = new CatalogReader(redis, keys);
  }

  @Test
  void everyProductAndCategoryArrivesAndTheReadModelIsMarkedPresent() {
    assertThat(OnVertx.await(vertx, reader::present)).isFalse();

    Backfill.Report report = OnVertx.await(vertx, backfill::run);

    assertThat(report.products()).isEqualTo(25);
    assertThat(report.outcomes()).isEqualTo(Map.of(Outcome.CREATED, 25L));
    assertThat(monolith.pagesServed).containsExactly("/api/products?sort=sku&size=10&page=0",
        "/api/products?sort=sku&size=10&page=1", "/api/products?sort=sku&size=10&page=2");
    assertThat(OnVertx.await(vertx, reader::categories).encode())
        .isEqualTo("[{\"slug\":\"home\",\"name\":\"Home\",\"productCount\":12},{\"slug\":\"toys\",\"name\":\"Toys\",\"productCount\":13}]");
    assertThat(OnVertx.await(vertx, reader::present)).isTrue();
  }

  @Test
  void runningAgainChangesNothing() {
    OnVertx.await(vertx, backfill::run);

    Backfill.Report again = OnVertx.await(vertx, backfill::run);

    assertThat(again.outcomes()).isEqualTo(Map.of(Outcome.UPDATED, 25L));
    assertThat(OnVertx.await(vertx, () -> reader.product("ACME-00007"))).isEqualTo(monolith.products.get(6).toJson().encode());
  }

  @Test
  void anInterruptedRunResumesAtThePageItStoppedAt() {
    monolith.failFromPage.set(2);
    assertThatThrownBy(() -> OnVertx.await(vertx, backfill::run)).hasMessageContaining("answered 503");
    assertThat(OnVertx.await(vertx, reader::present)).isFalse();
    monolith.failFromPage.set(-1);
    monolith.pagesServed.clear();

    Backfill.Report resumed = OnVertx.await(vertx, backfill::run);

    assertThat(resumed.fromPage()).isEqualTo(2);
    assertThat(monolith.pagesServed).containsExactly("/api/products?sort=sku&size=10&page=2");
    assertThat(OnVertx.await(vertx, reader::present)).isTrue();
  }
}
