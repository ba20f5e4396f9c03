package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.redis.RedisClients;
import dev.strangler.testsupport.Recovery;
import dev.strangler.testsupport.RedisSentinels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/** The relay publishing to a Sentinel deployment of the test's own, before and after its primary is killed. */
@ExtendWith(RelayFixtureExtension.class)
class SentinelRelayIT {

  @Test
  void publishesThroughTheSentinelsAndGoesOnOnThePromotedReplicaInSequenceOrder(RelayFixture fx) throws Exception {
    try (RedisSentinels sentinels = RedisSentinels.start(); UnifiedJedis redis = RedisClients.create(sentinels.url())) {
      List<Long> before = fx.outbox().insertMany(20, "Product");
      OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), redis);
      await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
      String stream = fx.namespace().key("events:product");
      try (Jedis master = sentinels.master()) {
        assertThat(ids(master, stream)).isEqualTo(before);
        master.waitReplicas(1, 2_000);
      }

      List<Long> after = new ArrayList<>();
      Recovery.after("relay publish after SIGKILL of the Sentinel primary", () -> {
        sentinels.primary().kill();
        try {
          after.addAll(fx.outbox().insertMany(20, "Product"));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }, () -> assertThat(fx.outbox().unpublished()).isEmpty(), Duration.ofSeconds(40));

      List<Long> all = new ArrayList<>(before);
      all.addAll(after);
      assertThat(sentinels.masterPort()).isEqualTo(sentinels.replica().port());
      try (Jedis master = sentinels.master()) {
        assertThat(ids(master, stream)).isEqualTo(all);
      }
      assertThat(relay.isLeader()).isTrue();
    }
  }

  private static List<Long> ids(Jedis redis, String stream) {
    return redis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null).stream().map(e -> e.getID().getTime()).toList();
  }
}
