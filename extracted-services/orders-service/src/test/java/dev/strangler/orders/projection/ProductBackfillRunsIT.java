package dev.strangler.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.orders.OrdersApplication;
import dev.strangler.orders.OrdersHarness;
import dev.strangler.orders.OrdersSettings;
import dev.strangler.orders.store.Migrations;
import dev.strangler.orders.store.Schema;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.servicekit.backfill.ProductPages;
import dev.strangler.servicekit.backfill.StreamWatermark;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs of the product backfill on one database: an interrupted run resumes, a completed one is not repeated on start. */
class ProductBackfillRunsIT {

  private final Vertx vertx = Vertx.vertx();
  private final Schema live = new Schema("orders_service", false);
  private PostgresDatabase db;
  private Pool pool;
  private ProductApi api;
  private ProductBackfill backfill;

  @BeforeEach
  void setUp() {
    db = RealPostgres.newDatabase("orders_backfill_runs");
    PgConnectOptions database = PgConnectOptions.fromUri(OrdersHarness.databaseUrl(db));
    OnVertx.await(vertx, () -> Migrations.run(vertx, database, List.of(live)));
    pool = PgBuilder.pool().connectingTo(database).using(vertx).build();
    api = new ProductApi(vertx, 25, 0, false);
    backfill = new ProductBackfill(pool, live, "orders-service",
        new ProductPages(vertx.createHttpClient(), URI.create(api.url()), 10, StreamWatermark::none));
  }

  @AfterEach
  void tearDown() {
    api.close();
    OnVertx.await(vertx, pool::close);
    vertx.close().await();
    db.close();
  }

  @Test
  void anInterruptedRunResumesAtThePageItStoppedAtAndOnlyThenCountsAsCompleted() {
    api.failFromPage.set(2);
    assertThatThrownBy(() -> OnVertx.await(vertx, backfill::run)).hasMessageContaining("answered 503");
    boolean completedAfterFailure = OnVertx.await(vertx, backfill::completed);
    api.failFromPage.set(-1);
    api.requests.clear();

    ProductBackfill.Report resumed = OnVertx.await(vertx, backfill::run);

    assertThat(completedAfterFailure).isFalse();
    assertThat(resumed.fromPage()).isEqualTo(2);
    assertThat(resumed.products()).isEqualTo(5);
    assertThat(api.requests).containsExactly("/api/products?sort=sku&size=10&page=2");
    assertThat(OnVertx.await(vertx, backfill::completed)).isTrue();
    assertThat(count()).isEqualTo(25);
  }

  @Test
  void aRepeatedRunStartsOverAndChangesNothing() {
    OnVertx.await(vertx, backfill::run);
    api.requests.clear();

    ProductBackfill.Report again = OnVertx.await(vertx, backfill::run);

    assertThat(again.fromPage()).isZero();
    assertThat(again.products()).isEqualTo(25);
    assertThat(api.requests).hasSize(3);
    assertThat(count()).isEqualTo(25);
  }

  @Test
  void aStartAfterACompletedBackfillRequestsNothingAndIsReadyAtOnce() throws Exception {
    OnVertx.await(vertx, backfill::run);
    api.requests.clear();
    OrdersSettings settings = OrdersSettings.fromEnvironment(Map.of("ORDERS_HTTP_HOST", "127.0.0.1", "ORDERS_HTTP_PORT", "0",
        "ORDERS_DATABASE_URL", OrdersHarness.databaseUrl(db), "ORDERS_REDIS_URL", RealRedis.server().uri(),
        "ORDERS_MONOLITH_URL", api.url(), "ORDERS_INTERNAL_TOKEN", "0123456789abcdef", "ORDERS_BACKFILL_FROM", api.url()));
    OrdersApplication app = OnVertx.await(vertx, () -> new OrdersApplication(vertx, settings, null).start());
    try {
      HttpResponse<String> ready = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(api.requests).isEmpty();
    } finally {
      OnVertx.await(vertx, app::stop);
    }
  }

  private long count() {
    return OnVertx.await(vertx, () -> pool.query("select count(*) from orders_service.products").execute()
        .map(rows -> rows.iterator().next().getLong(0)));
  }
}
