package dev.strangler.catalog.readmodel;

import static dev.strangler.catalog.readmodel.Products.T0;
import static dev.strangler.catalog.readmodel.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.catalog.readmodel.ProductProjection.Outcome;
import dev.strangler.servicekit.events.EventEffect;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which state wins: events by their sequence (the monolith's updatedAt is its transaction's start, so a later
 * commit can carry an earlier updatedAt), backfilled snapshots by the stream's watermark when their page was read.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ProductVersionsIT {

  private Vertx vertx;
  private Redis redis;
  private ProductProjection projection;
  private CatalogReader reader;

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    redis = Redis.createClient(vertx, ns.endpoint().uri());
    ReadModelKeys keys = new ReadModelKeys(ns.prefix());
    projection = new ProductProjection(redis, keys);
    reader = new CatalogReader(redis, keys);
  }

  @Test
  void eventsApplyInSequenceOrderEvenWhenALaterOneCarriesAnEarlierUpdatedAt() {
    assertThat(event(product("ACME-1", "Oak Lamp", "5", "home", 5, T0.plusSeconds(50)), 7)).isEqualTo(Outcome.CREATED);

    // Its transaction started before event 7's, committed after it: updatedAt goes back, the sequence forward.
    assertThat(event(product("ACME-1", "Oak Lamp", "6", "home", 0, T0.plusSeconds(40)), 8)).isEqualTo(Outcome.UPDATED);
    assertThat(event(product("ACME-1", "Oak Lamp", "5", "home", 5, T0.plusSeconds(50)), 7)).isEqualTo(Outcome.STALE);
    assertThat(event(product("ACME-1", "Oak Lamp", "6", "home", 0, T0.plusSeconds(40)), 8)).isEqualTo(Outcome.STALE);

    assertThat(held("ACME-1").getInteger("stock")).isZero();
  }

  @Test
  void anEventNewerThanABackfillPageAppliesOverItWhateverItsUpdatedAt() {
    snapshot(product("ACME-1", "Oak Lamp", "5", "home", 5, T0.plusSeconds(60)), 10);

    assertThat(event(product("ACME-1", "Oak Lamp", "7", "home", 5, T0.plusSeconds(30)), 11)).isEqualTo(Outcome.UPDATED);
    assertThat(raw("ACME-1")).contains("\"price\":7.00,");
  }

  @Test
  void anEventABackfillPageAlreadyHeldIsStale() {
    snapshot(product("ACME-1", "Oak Lamp", "8", "home", 5, T0.plusSeconds(60)), 10);

    assertThat(event(product("ACME-1", "Oak Lamp", "5", "home", 5, T0.plusSeconds(50)), 9)).isEqualTo(Outcome.STALE);
    assertThat(raw("ACME-1")).contains("\"price\":8.00,");
  }

  @Test
  void aBackfillPageReadBeforeAnEventWasPublishedCannotOverwriteIt() {
    event(product("ACME-1", "Oak Lamp", "9", "home", 0, T0.plusSeconds(40)), 12);

    // Read while the stream ended at 10, with a newer-looking updatedAt: still older than event 12.
    assertThat(snapshot(product("ACME-1", "Oak Lamp", "5", "home", 5, T0.plusSeconds(90)), 10)).isEqualTo(Outcome.STALE);
    assertThat(raw("ACME-1")).contains("\"price\":9.00,");
  }

  @Test
  void aBackfillPageReadAfterTheLastEventAppliesAndUpdatedAtBreaksTiesAtOneWatermark() {
    event(product("ACME-1", "Oak Lamp", "9", "home", 0, T0.plusSeconds(40)), 12);

    assertThat(snapshot(product("ACME-1", "Oak Lamp", "10", "home", 3, T0.plusSeconds(45)), 12)).isEqualTo(Outcome.UPDATED);
    assertThat(snapshot(product("ACME-1", "Oak Lamp", "4", "home", 3, T0.plusSeconds(44)), 12)).isEqualTo(Outcome.STALE);
    assertThat(snapshot(product("ACME-1", "Oak Lamp", "11", "home", 3, T0.plusSeconds(20)), 13)).isEqualTo(Outcome.UPDATED);
    assertThat(raw("ACME-1")).contains("\"price\":11.00,");
  }

  private Outcome event(ProductSnapshot p, long sequence) {
    // The consumer runs this script inside its guard; here it runs alone, as the projection's part of it.
    EventEffect effect = projection.eventEffect(p, sequence);
    return Outcome.valueOf(OnVertx.await(vertx, () -> effect.script().run(redis, effect.args())).toString()
        .toUpperCase(Locale.ROOT));
  }

  private Outcome snapshot(ProductSnapshot p, long watermark) {
    return OnVertx.await(vertx, () -> projection.apply(p, watermark));
  }

  private JsonObject held(String sku) {
    return new JsonObject(raw(sku));
  }

  /** The product as served, byte for byte (prices keep their two decimals). */
  private String raw(String sku) {
    return OnVertx.await(vertx, () -> reader.product(sku));
  }
}
