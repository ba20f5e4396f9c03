package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy's cluster-safe parts on a real 3-master Redis Cluster of the test's own: the route table ({@code {routes}}
 * keys, pub/sub), discovery ({@code {services}}), and single-key request-path calls spread over every master.
 */
@ExtendWith(VertxExtension.class)
class ClusterFleetIT {

  private static final RouteTableFollower.Options FAST =
      new RouteTableFollower.Options(Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofMillis(100));

  @Test
  void theRouteTableAndDiscoveryWorkOnACluster(Vertx vertx) {
    try (RedisCluster cluster = RedisCluster.start()) {
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(cluster.url()));
      RedisRouteStore store = new RedisRouteStore(redis, new RouteStoreKeys("it:"), Duration.ofSeconds(2), Clock.systemUTC());
      LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, Tables.catalogAt("legacy"), RestrictedAddresses.NONE),
          RestrictedAddresses.NONE);
      Redis own = Redis.createClient(vertx, RedisClientOptions.of(cluster.url()));
      new RouteTableFollower(vertx, own, new RedisRouteStore(own, new RouteStoreKeys("it:"), Duration.ofSeconds(2), Clock.systemUTC()),
          live, "a", FAST, Clock.systemUTC()).start().await();

      long epoch = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();

      await().atMost(Duration.ofSeconds(3)).until(() -> live.current().epoch() == epoch); // by notification: the poll is a minute
      RedisServiceRegistry registry = new RedisServiceRegistry(vertx, DiscoveryOptions.of(cluster.url(), "it:"));
      registry.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
      assertThat(registry.lookup("catalog-service").await()).extracting(ServiceInstance::port).containsExactly(18082);
      registry.close().await();
    }
  }

  @Test
  void aBurstOfCallsOverEveryMasterCompletesWithTheDefaultSlotCache(Vertx vertx) {
    try (RedisCluster cluster = RedisCluster.start()) {
      // With the default slot cache (1 s) a burst completes. With hashSlotCacheTTL at 100 ms the same burst stalls on
      // 5.0.7 and 5.0.10 alike (vertx-redis-client #541): ops/redis/README.md, "Cluster".
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(cluster.url()).setMaxPoolSize(2).setMaxPoolWaiting(4_096));
      List<Future<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        calls.add(redis.send(Request.cmd(Command.SET).arg("it:k" + i).arg(i)));
      }
      Future.all(calls).timeout(30, TimeUnit.SECONDS).await();

      AtomicReference<LoopRedis> loop = new AtomicReference<>();
      OnVertx.await(vertx, () -> {
        loop.set(new LoopRedis(vertx, cluster.url(), Duration.ofSeconds(2), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE));
        return Future.succeededFuture();
      });
      for (int i = 0; i < 50; i++) {
        int n = i;
        String value = OnVertx.await(vertx, () -> loop.get().send(Request.cmd(Command.GET).arg("it:k" + n)).map(Response::toString));
        assertThat(value).isEqualTo(String.valueOf(n));
      }
    }
  }
}
