package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.Target;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two proxy instances following one Redis, as a fleet does. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RouteTableFollowerIT {

  private static final RouteTableFollower.Options FAST =
      new RouteTableFollower.Options(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));

  @Test
  void everyInstanceAppliesANewEpochWithinOneSecondAndReportsIt(Vertx vertx, RedisNamespace ns) {
    Fleet fleet = new Fleet(vertx, ns.endpoint().uri(), ns.prefix(), RouteTableFollower.Options.DEFAULTS);
    Instance a = fleet.instance("a");
    Instance b = fleet.instance("b");

    long epoch = fleet.store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();

    await().atMost(Duration.ofSeconds(1)).until(() -> a.live.current().epoch() == epoch && b.live.current().epoch() == epoch);
    assertThat(b.live.current().definition().route("catalog-read").orElseThrow().target()).isEqualTo(new Target.Extracted("catalog"));
    await().atMost(Duration.ofSeconds(3)).until(() -> FleetStatus.allApplied(fleet.status.members().await(), epoch));
    assertThat(fleet.status.members().await()).extracting(m -> m.status().id()).containsExactly("a", "b");
    a.follower.stop().await();
    b.follower.stop().await();
    assertThat(fleet.status.members().await()).isEmpty();
  }

  @Test
  void aTableAnInstanceFindsInvalidIsRefusedThereAndTheLastGoodKeepsServing(Vertx vertx, RedisNamespace ns) {
    Fleet fleet = new Fleet(vertx, ns.endpoint().uri(), ns.prefix(), FAST);
    long good = fleet.store.publishNext(Tables.catalogAt("legacy", "http://127.0.0.1:18083"), "alice", "good").await().epoch();
    // This instance listens on 18082, so a table sending catalog traffic there would loop back to itself.
    Instance strict = fleet.instance("strict", new RestrictedAddresses(Set.of(18082), Set.of()),
        Tables.catalogAt("legacy", "http://127.0.0.1:18083"));
    await().atMost(Duration.ofSeconds(1)).until(() -> strict.live.current().epoch() == good);

    long bad = fleet.store.publishNext(Tables.catalogAt("{extracted: catalog}"), "bob", "loops").await().epoch();

    await().atMost(Duration.ofSeconds(2)).until(() -> strict.live.lastRejection() != null);
    assertThat(strict.live.current().epoch()).isEqualTo(good);
    assertThat(strict.live.lastRejection().problems()).singleElement().asString().contains("this proxy's own port 18082");
    await().atMost(Duration.ofSeconds(2)).until(() -> fleet.status.members().await().get(0).status().rejectedEpoch() == bad);
    strict.follower.stop().await();
  }

  @Test
  void whileRedisIsDownTheLastGoodTableServesAndTheInstanceCatchesUpWhenItReturns(Vertx vertx) {
    try (RedisServerProcess server = RedisServerProcess.start()) {
      String uri = server.endpoint().uri();
      Fleet fleet = new Fleet(vertx, uri, "fleet:", FAST);
      Instance a = fleet.instance("a");
      long first = fleet.store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();
      await().atMost(Duration.ofSeconds(1)).until(() -> a.live.current().epoch() == first);

      server.kill();
      await().atMost(Duration.ofSeconds(3)).until(() -> !a.follower.redisReachable());
      assertThat(a.live.current().epoch()).isEqualTo(first);

      server.restart();
      // The restarted server lost everything (no persistence): the operator republishes twice.
      fleet.store.publishNext(Tables.catalogAt("legacy"), "alice", "republish").await();
      long latest = fleet.store.publishNext(Tables.catalogAt("{canary: {backend: catalog, percent: 5}}"), "alice", "canary").await().epoch();

      await().atMost(Duration.ofSeconds(2)).until(() -> a.live.current().epoch() == latest);
      assertThat(a.follower.redisReachable()).isTrue();
      a.follower.stop().await();
    }
  }

  private record Instance(LiveRouteTable live, RouteTableFollower follower) {}

  private static final class Fleet {
    final Vertx vertx;
    final String uri;
    final RouteStoreKeys keys;
    final RedisRouteStore store;
    final FleetStatus status;
    final RouteTableFollower.Options options;

    Fleet(Vertx vertx, String uri, String prefix, RouteTableFollower.Options options) {
      this.vertx = vertx;
      this.uri = uri;
      this.keys = new RouteStoreKeys(prefix);
      this.options = options;
      this.store = new RedisRouteStore(client(), keys, Duration.ofMillis(500), Clock.systemUTC());
      this.status = new FleetStatus(store, FleetStatus.DEFAULT_STALE_AFTER, Clock.systemUTC());
    }

    Redis client() {
      return Redis.createClient(vertx, new RedisOptions().setConnectionString(uri));
    }

    Instance instance(String id) {
      return instance(id, RestrictedAddresses.NONE, Tables.catalogAt("legacy"));
    }

    Instance instance(String id, RestrictedAddresses restricted, RouteTableDefinition initial) {
      LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, initial, restricted), restricted);
      Redis redis = client();
      RedisRouteStore own = new RedisRouteStore(redis, keys, Duration.ofMillis(500), Clock.systemUTC());
      RouteTableFollower follower = new RouteTableFollower(vertx, redis, own, live, id, options, Clock.systemUTC());
      follower.start().await();
      return new Instance(live, follower);
    }
  }
}
