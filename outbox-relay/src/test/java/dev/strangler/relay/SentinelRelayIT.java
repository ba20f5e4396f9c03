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

  /**
   * A planned failover leaves the old primary a master until Sentinel converts it (up to 10 s): Jedis' Sentinel client
   * follows the sentinels' +switch-master at once, so rows outboxed after the promotion are appended on the new master,
   * not lost on the old one. 0.2-0.5 s measured here (the relay's polling included); the bound leaves margin for a
   * loaded CI machine.
   */
  @Test
  void aPlannedFailoverMovesItsAppendsToTheNewMasterAtOnce(RelayFixture fx) throws Exception {
    try (RedisSentinels sentinels = RedisSentinels.start(); UnifiedJedis redis = RedisClients.create(sentinels.url())) {
      List<Long> all = new ArrayList<>(fx.outbox().insertMany(20, "Product"));
      fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), redis);
      await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
      String stream = fx.namespace().key("events:product");
      try (Jedis master = sentinels.master()) {
        master.waitReplicas(1, 2_000);
      }

      Duration moved = Recovery.after("relay appends reach the new master after a planned failover (SENTINEL FAILOVER)", () -> {
        sentinels.failover();
        sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));
        try {
          all.addAll(fx.outbox().insertMany(20, "Product"));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }, () -> {
        assertThat(fx.outbox().unpublished()).isEmpty();
        try (Jedis master = sentinels.master()) {
          assertThat(ids(master, stream)).isEqualTo(all);
        }
      }, Duration.ofSeconds(30));
      assertThat(moved).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void withReplicaAcksEachAppendWaitsForTheReplicaAndGoesOnWithoutItAfterTheTimeout(RelayFixture fx) throws Exception {
    fx.outbox().insertMany(ROWS, "Product");
    try (RedisSentinels sentinels = RedisSentinels.start(); UnifiedJedis redis = RedisClients.create(sentinels.url())) {
      publishAll(fx, redis, "warm-up:", 0); // JIT and connections warm before the runs measured
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) { // alternated: the machine's load changes under the runs
        republishAll(fx);
        without.add(publishAll(fx, redis, "no-wait-" + round + ":", 0).meanBatchMillis());
        republishAll(fx);
        Run waited = publishAll(fx, redis, "wait-" + round + ":", 1);
        with.add(waited.meanBatchMillis());
        assertThat(Relays.meter(waited.relay(), "relay.replica.ack.short")).as("appends the replica did not acknowledge in time")
            .isZero();
      }

      // The replica frozen: each append waits the timeout (WAIT on the append's own connection: on another one it would
      // return at once), is counted short, and publishing goes on.
      List<Long> more = fx.outbox().insertMany(5, "Product");
      sentinels.replica().pause();
      try {
        Run frozen = publishAll(fx, redis, "frozen:", 1);
        assertThat(Relays.meter(frozen.relay(), "relay.replica.ack.short")).isGreaterThanOrEqualTo(more.size());
        System.out.printf("[replica-acks] replica frozen: %d rows published in %d ms%n", more.size(), frozen.took().toMillis());
      } finally {
        sentinels.replica().resume();
      }
      System.out.printf("[replica-acks] mean batch (read + append + mark) of %d 1-row batches, %d rounds: without WAIT %s ms,"
          + " with WAIT 1 %s ms%n", ROWS, ROUNDS, millis(without), millis(with));
    }
  }

  private static final int ROWS = 500;
  private static final int ROUNDS = 3;

  private static String millis(List<Double> values) {
    return values.stream().map(v -> String.format(java.util.Locale.ROOT, "%.2f", v)).toList().toString();
  }

  /** How long publishing every row took, and the mean batch. */
  record Run(OutboxRelay relay, Duration took, double meanBatchMillis) {}

  /** Publishes every unpublished row to streams under {@code prefix} in 1-row batches, waiting for {@code acks} replicas. */
  private static Run publishAll(RelayFixture fx, UnifiedJedis redis, String prefix, int acks) throws Exception {
    long start = System.nanoTime();
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), prefix.replace(":", ""))
        .keyPrefix(fx.namespace().prefix() + prefix).batchSize(1).replicaAcks(acks).build(), fx.outbox().dataSource(), redis);
    await().atMost(Duration.ofSeconds(60)).until(() -> fx.outbox().unpublished().isEmpty());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    double mean = relay.metrics().registry().find("relay.batch").timer().mean(java.util.concurrent.TimeUnit.MILLISECONDS);
    relay.stop(Duration.ofSeconds(10));
    return new Run(relay, took, mean);
  }

  private static void republishAll(RelayFixture fx) throws Exception {
    try (var c = fx.outbox().dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("update outbox set published_at = null");
    }
  }

  private static List<Long> ids(Jedis redis, String stream) {
    return redis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null).stream().map(e -> e.getID().getTime()).toList();
  }
}
