package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisSentinelsIT {

  @Test
  void killingThePrimaryPromotesTheReplicaWithItsData() {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      assertThat(sentinels.masterPort()).isEqualTo(sentinels.primary().port());
      try (Jedis master = sentinels.master()) {
        master.set("before-failover", "kept");
        master.waitReplicas(1, 2_000);
      }

      sentinels.primary().kill();
      sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));

      try (Jedis master = sentinels.master()) {
        assertThat(master.get("before-failover")).isEqualTo("kept");
      }
      assertThat(sentinels.url()).startsWith("redis-sentinel://127.0.0.1:").endsWith("/0?master=strangler");
    }
  }
}
