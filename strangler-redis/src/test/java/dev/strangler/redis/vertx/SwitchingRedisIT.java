package dev.strangler.redis.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.Recovery;
import dev.strangler.testsupport.RedisSentinels;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A client built through {@link SwitchingRedis} leaves the old master at once on a planned failover. */
class SwitchingRedisIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void aPlannedFailoverMovesThePoolAndEndsTheConnectionsHandedOut() {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      Redis redis = SwitchingRedis.create(vertx, sentinels.url());
      assertThat(redis).isInstanceOf(SwitchingRedis.class);
      redis.send(Request.cmd(Command.SET).arg("switching:k").arg("before")).await();
      RedisConnection dedicated = redis.connect().await();
      AtomicBoolean ended = new AtomicBoolean();
      dedicated.endHandler(v -> ended.set(true));
      assertThat(dedicated.send(Request.cmd(Command.GET).arg("switching:k")).await().toString()).isEqualTo("before");
      try (Jedis master = sentinels.master()) {
        master.waitReplicas(1, 2_000);
      }

      Recovery.after("SwitchingRedis pool writes reach the new master after SENTINEL FAILOVER (from the promotion)", () -> {
        sentinels.failover();
        sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));
      }, () -> {
        redis.send(Request.cmd(Command.SET).arg("switching:k").arg("after")).await();
        try (Jedis master = sentinels.master()) {
          assertThat(master.get("switching:k")).isEqualTo("after");
        }
      }, Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(2)).untilTrue(ended);
      redis.close().await();
    }
  }

  /**
   * A failover led by another sentinel than the first of the URL (which the client asks first) is followed too. The new
   * pool asks the sentinel that announced the switch first, since the others may name the old master for up to about
   * 2 s; here the first sentinel heard of it in time in every run, with or without that reordering (so this does not
   * prove the reordering, only that it does no harm).
   */
  @Test
  void aSwitchAnnouncedByTheLastSentinelIsFollowedThoughTheFirstMayNotKnowYet() {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      Redis redis = SwitchingRedis.create(vertx, sentinels.url());
      assertThat(serverPort(redis)).isEqualTo(sentinels.primary().port());

      Duration moved = Recovery.after("SwitchingRedis pool on the new master after SENTINEL FAILOVER led by the last sentinel"
          + " (from the request)", () -> sentinels.failover(2),
          () -> assertThat(serverPort(redis)).isEqualTo(sentinels.replica().port()), Duration.ofSeconds(20));
      assertThat(moved).isLessThan(Duration.ofSeconds(6));
      redis.close().await();
    }
  }

  /** The port of the server the pool's call reached ({@code INFO server}'s {@code tcp_port}). */
  private static int serverPort(Redis redis) {
    String info = redis.send(Request.cmd(Command.INFO).arg("server")).await().toString();
    return info.lines().filter(l -> l.startsWith("tcp_port:")).map(l -> Integer.parseInt(l.substring(9).trim())).findFirst()
        .orElseThrow();
  }

  /** The safety net when no announcement was heard: a reply from a replica means the pool is on the old master. */
  @Test
  void aReadonlyReplyReplacesThePoolAndOtherErrorsDoNot() {
    SwitchingRedis redis = (SwitchingRedis) SwitchingRedis.create(vertx, "redis-sentinel://127.0.0.1:1/0?master=strangler");
    Redis first = redis.pool();
    redis.failed(first, ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(redis.pool()).isSameAs(first);

    redis.failed(first, ErrorType.create("READONLY You can't write against a read only replica."));
    Redis second = redis.pool();
    assertThat(second).isNotSameAs(first);
    redis.failed(first, ErrorType.create("READONLY You can't write against a read only replica."));
    assertThat(redis.pool()).as("a late READONLY from the pool already replaced changes nothing").isSameAs(second);
    redis.close().await();
  }

  @Test
  void aStandaloneUrlGetsVertxsOwnClient() {
    assertThat(SwitchingRedis.create(vertx, "redis://127.0.0.1:1")).isNotInstanceOf(SwitchingRedis.class);
  }
}
