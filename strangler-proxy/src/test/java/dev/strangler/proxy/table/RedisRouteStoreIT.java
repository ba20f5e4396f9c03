package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class RedisRouteStoreIT {

  private RedisRouteStore store;

  @BeforeEach
  void store(Vertx vertx, RedisNamespace ns) {
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(ns.endpoint().uri()));
    store = new RedisRouteStore(redis, new RouteStoreKeys(ns.prefix()), RedisRouteStore.DEFAULT_COMMAND_TIMEOUT, Clock.systemUTC());
  }

  @Test
  void anEmptyStoreIsAtEpochZero() {
    assertThat(store.currentEpoch().await()).isZero();
    assertThat(store.current().await()).isEmpty();
  }

  @Test
  void eachPublishIsTheNextEpochWithActorReasonAndDiff() {
    RouteTableVersion first = store.publishNext(Tables.catalogAt("legacy"), "alice", "initial table").await();
    RouteTableVersion second = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "bob", "flip catalog").await();

    assertThat(first.epoch()).isEqualTo(1);
    assertThat(second.epoch()).isEqualTo(2);
    RouteTableVersion current = store.current().await().orElseThrow();
    assertThat(current.epoch()).isEqualTo(2);
    assertThat(current.table()).isEqualTo(Tables.catalogAt("{extracted: catalog}"));
    assertThat(current.actor()).isEqualTo("bob");
    assertThat(second.diff()).singleElement().asString().startsWith("~ route catalog-read").endsWith("extracted(\"catalog\")");
  }

  @Test
  void historyKeepsEveryVersionNewestFirst() {
    store.publishNext(Tables.catalogAt("legacy"), "alice", "one").await();
    store.publishNext(Tables.catalogAt("{extracted: catalog}"), "bob", "two").await();
    store.publishNext(Tables.catalogAt("legacy"), "carol", "rollback").await();

    List<RouteTableVersion> history = store.history(10).await();

    assertThat(history).extracting(RouteTableVersion::epoch).containsExactly(3L, 2L, 1L);
    assertThat(history).extracting(RouteTableVersion::actor).containsExactly("carol", "bob", "alice");
    assertThat(history.get(2).diff()).hasSize(3);
    assertThat(store.version(2).await().orElseThrow().table()).isEqualTo(Tables.catalogAt("{extracted: catalog}"));
    assertThat(store.version(9).await()).isEmpty();
  }

  @Test
  void aPublishBasedOnAStaleEpochIsRefused() {
    store.publishNext(Tables.catalogAt("legacy"), "alice", "one").await();
    store.publishNext(Tables.catalogAt("{extracted: catalog}"), "bob", "two").await();

    assertThatThrownBy(() -> store.publish(Tables.catalogAt("legacy"), 1, List.of(), "carol", "late").await())
        .isInstanceOf(StaleEpochException.class).hasMessageContaining("expected epoch 1, current is 2");
    assertThat(store.currentEpoch().await()).isEqualTo(2);
  }
}
