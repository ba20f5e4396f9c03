package dev.strangler.catalog.readmodel;

import static dev.strangler.catalog.readmodel.Products.T0;
import static dev.strangler.catalog.readmodel.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.catalog.readmodel.ProductProjection.Outcome;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class ProductProjectionIT {

  private Vertx vertx;
  private RedisNamespace ns;
  private ProductProjection projection;
  private CatalogReader reader;

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    Redis redis = Redis.createClient(vertx, ns.endpoint().uri());
    ReadModelKeys keys = new ReadModelKeys(ns.prefix());
    projection = new ProductProjection(redis, keys);
    reader = new CatalogReader(redis, keys);
  }

  @Test
  void aSnapshotIsServedAsTheMonolithRendersIt() {
    assertThat(apply(product("ACME-1", "Oak Lamp", "5"))).isEqualTo(Outcome.CREATED);

    assertThat(OnVertx.await(vertx, () -> reader.product("ACME-1"))).isEqualTo(
        "{\"sku\":\"ACME-1\",\"name\":\"Oak Lamp\",\"description\":\"A oak lamp, made of oak.\",\"price\":5.00,"
            + "\"category\":\"home\",\"stock\":5,\"updatedAt\":\"2025-03-01T10:00:00Z\"}");
  }

  @Test
  void applyingTheSameSnapshotTwiceLeavesTheSameKeys() {
    apply(product("ACME-1", "Oak Lamp", "5"));
    Set<String> once = ns.keys();

    assertThat(apply(product("ACME-1", "Oak Lamp", "5"))).isEqualTo(Outcome.UPDATED);

    assertThat(ns.keys()).isEqualTo(once);
  }

  @Test
  void anOlderSnapshotIsIgnoredAndANewerOneReplacesEveryIndexEntry() {
    apply(product("ACME-1", "Oak Lamp", "5", "home", 5, T0.plusSeconds(60)));

    assertThat(apply(product("ACME-1", "Brass Kettle", "9", "kitchen", 0, T0))).isEqualTo(Outcome.STALE);
    assertThat(apply(product("ACME-1", "Brass Kettle", "9", "kitchen", 0, T0.plusSeconds(120)))).isEqualTo(Outcome.UPDATED);

    assertThat(new JsonObject(OnVertx.await(vertx, () -> reader.product("ACME-1"))).getString("name")).isEqualTo("Brass Kettle");
    assertThat(ns.keys()).doesNotContain(ns.key("term:lamp"), ns.key("category:home"), ns.key("stock:in"))
        .contains(ns.key("term:kettl"), ns.key("category:kitchen"), ns.key("stock:out"));
  }

  @Test
  void aDeletedProductIsGoneAndAnOlderSnapshotCannotBringItBack() {
    apply(product("ACME-1", "Oak Lamp", "5"));

    assertThat(OnVertx.await(vertx, () -> projection.delete("ACME-1", T0.plusSeconds(1)))).isEqualTo(Outcome.DELETED);
    assertThat(apply(product("ACME-1", "Oak Lamp", "5"))).isEqualTo(Outcome.STALE);

    assertThat(OnVertx.await(vertx, () -> reader.product("ACME-1"))).isNull();
    assertThat(ns.keys()).containsExactly(ns.key("tombstone:ACME-1"));
    assertThat(apply(product("ACME-1", "Oak Lamp", "6", "home", 5, T0.plusSeconds(2)))).isEqualTo(Outcome.CREATED);
  }

  @Test
  void categoriesAreListedByNameWithTheirProductCounts() {
    OnVertx.await(vertx, () -> projection.putCategories(List.of(new CategorySnapshot("kitchen", "Kitchen"),
        new CategorySnapshot("home", "Home"), new CategorySnapshot("toys", "Toys"))));
    apply(product("A-1", "Lamp", "5", "home", 1, T0));
    apply(product("A-2", "Rug", "5", "home", 0, T0));
    apply(product("A-3", "Kettle", "5", "kitchen", 1, T0));
    apply(product("A-3", "Kettle", "5", "home", 1, T0.plusSeconds(1)));

    assertThat(OnVertx.await(vertx, reader::categories).encode()).isEqualTo(
        "[{\"slug\":\"home\",\"name\":\"Home\",\"productCount\":3},{\"slug\":\"kitchen\",\"name\":\"Kitchen\",\"productCount\":0},"
            + "{\"slug\":\"toys\",\"name\":\"Toys\",\"productCount\":0}]");
  }

  @Test
  void anUpdateLeavesExactlyTheIndexEntriesOfTheNewStateAsIfAppliedAfresh() {
    ProductSnapshot before = product("X-1", "Smart Desk Lamp", "10", "home", 5, T0);
    List<ProductSnapshot> afters = List.of(
        product("X-1", "Smart Desk Lamp", "12", "home", 5, T0.plusSeconds(1)),            // price only: text unchanged
        product("X-1", "Smart Desk Lamp Pro", "12", "office", 0, T0.plusSeconds(2)),      // name, category, stock
        product("X-1", "Oak Lamp", "7", "office", 3, T0.plusSeconds(3)));                 // a name shared with another product
    for (ProductSnapshot after : afters) {
      ReadModelKeys updated = new ReadModelKeys(ns.key("updated" + after.updatedAt().getEpochSecond() + ":"));
      ReadModelKeys fresh = new ReadModelKeys(ns.key("fresh" + after.updatedAt().getEpochSecond() + ":"));
      for (ReadModelKeys keys : List.of(updated, fresh)) {
        ProductProjection into = new ProductProjection(Redis.createClient(vertx, ns.endpoint().uri()), keys);
        for (ProductSnapshot other : List.of(product("B-1", "Oak Lamp", "5"), product("B-2", "Brass Kettle", "9", "kitchen", 1, T0))) {
          OnVertx.await(vertx, () -> into.apply(other));
        }
        if (keys == updated) {
          OnVertx.await(vertx, () -> into.apply(before));
        }
        OnVertx.await(vertx, () -> into.apply(after));
      }

      assertThat(dump(updated.prefix())).as("after %s", after).isEqualTo(dump(fresh.prefix()));
    }
  }

  /** Every key under the prefix (prefix cut off) with its whole content, sorted sets with their scores. */
  private Map<String, Object> dump(String prefix) {
    Redis redis = Redis.createClient(vertx, ns.endpoint().uri());
    Map<String, Object> dump = new TreeMap<>();
    for (String key : ns.keys()) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      String type = send(redis, Request.cmd(Command.TYPE).arg(key)).toString();
      dump.put(key.substring(prefix.length()), switch (type) {
        case "set" -> new TreeSet<>(strings(send(redis, Request.cmd(Command.SMEMBERS).arg(key))));
        case "zset" -> strings(send(redis, Request.cmd(Command.ZRANGE).arg(key).arg(0).arg(-1).arg("WITHSCORES")));
        case "hash" -> {
          Response hash = send(redis, Request.cmd(Command.HGETALL).arg(key));
          Map<String, String> fields = new TreeMap<>();
          hash.getKeys().forEach(f -> fields.put(f, hash.get(f).toString()));
          yield fields;
        }
        default -> String.valueOf(send(redis, Request.cmd(Command.GET).arg(key)));
      });
    }
    return dump;
  }

  private static List<String> strings(Response array) {
    List<String> strings = new ArrayList<>();
    array.forEach(r -> strings.add(String.valueOf(r)));
    return strings;
  }

  private Response send(Redis redis, Request request) {
    return OnVertx.await(vertx, () -> redis.send(request));
  }

  private Outcome apply(ProductSnapshot snapshot) {
    return OnVertx.await(vertx, () -> projection.apply(snapshot));
  }
}
