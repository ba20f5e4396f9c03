package dev.strangler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.Recovery;
import dev.strangler.testsupport.RedisSentinels;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Discovery in a Sentinel deployment of the test's own: registration and lookup through the sentinels, and after a failover. */
@ExtendWith(VertxExtension.class)
class SentinelDiscoveryIT {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration EXPIRY = Duration.ofSeconds(5);

  @Test
  void registersAndFindsThroughTheSentinelsAndAgainOnThePromotedReplica(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      DiscoveryOptions options = new DiscoveryOptions(sentinels.url(), "it:", HEARTBEAT, EXPIRY);
      ServiceRegistry services = new RedisServiceRegistry(vertx, options);
      ServiceRegistry proxy = new RedisServiceRegistry(vertx, options);
      services.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
      assertThat(proxy.lookup("catalog-service").await()).extracting(ServiceInstance::port).containsExactly(18082);
      try (Jedis master = sentinels.master()) {
        assertThat(master.hlen("it:{services}:records")).isEqualTo(1); // on the master the sentinels name
        master.waitReplicas(1, 2_000);
      }

      Duration took = Recovery.after("discovery lookup after SIGKILL of the Sentinel primary", () -> sentinels.primary().kill(),
          () -> assertThat(proxy.lookup("catalog-service").await()).extracting(ServiceInstance::port).containsExactly(18082),
          Duration.ofSeconds(30));

      assertThat(sentinels.masterPort()).isEqualTo(sentinels.replica().port());
      // A sentinel that has not heard of the switch yet may still name the dead primary for a moment: a failed
      // registration is retried (with a new record) as a starting service does.
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> services.register("orders-service", "127.0.0.1", 18083, "1.0.0").await() != null);
      assertThat(proxy.lookup("orders-service").await()).hasSize(1);
      assertThat(took).isLessThan(Duration.ofSeconds(30));
      services.close().await();
      proxy.close().await();
    }
  }

  /**
   * A planned failover leaves the old primary a master until it is converted (up to 10 s): a registration published
   * then must reach the new master, not be lost on the old one. The records go through the discovery backend's own
   * client, which SwitchingRedis does not reach: it finds the new master because it asks the sentinels again once its
   * topology cache (1 s) has expired, and holds no connection of its own for longer.
   */
  @Test
  void aRegistrationAfterAPlannedFailoverIsOnTheNewMaster(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      DiscoveryOptions options = new DiscoveryOptions(sentinels.url(), "it:", HEARTBEAT, EXPIRY);
      ServiceRegistry services = new RedisServiceRegistry(vertx, options);
      services.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
      try (Jedis master = sentinels.master()) {
        master.waitReplicas(1, 2_000);
      }

      int[] port = {18090};
      Duration took = Recovery.after("discovery registration on the new master after a planned failover (SENTINEL FAILOVER)",
          () -> {
            sentinels.failover();
            sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));
          }, () -> {
            String id = services.register("orders-service", "127.0.0.1", port[0]++, "1.0.0").await().registration();
            try (Jedis master = sentinels.master()) {
              assertThat(master.hexists("it:{services}:records", id)).isTrue();
            }
          }, Duration.ofSeconds(30));
      assertThat(took).isLessThan(Duration.ofSeconds(3));
      services.close().await();
    }
  }
}
