package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.redis.vertx.SwitchingRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.Recovery;
import dev.strangler.testsupport.RedisSentinels;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The fleet's route table in a Sentinel deployment, and the proxy's request-path Redis ({@link LoopRedis}: sessions,
 * cache, rate limits, idempotency, capture): found through the sentinels, and again on the promoted replica after the
 * primary is killed. The followers poll only once a minute here, so a new epoch reaches them through their
 * subscription alone: it proves they subscribed again.
 */
@ExtendWith(VertxExtension.class)
class SentinelFleetIT {

  private static final RouteTableFollower.Options PUBSUB_ONLY =
      new RouteTableFollower.Options(Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofMillis(100));
  /**
   * A planned failover is followed within this of the promotion (0.12-0.23 s measured here for the request path, 11-135
   * ms for the route table; it was 10 s, until the old master's conversion, before the clients watched +switch-master):
   * margin for a loaded 2-core CI machine.
   */
  private static final Duration PLANNED_FAILOVER_BOUND = Duration.ofSeconds(3);

  @Test
  void theFleetFollowsItsTableThroughTheSentinelsAndAgainAfterAFailover(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      RedisRouteStore store = store(vertx, sentinels.url());
      LiveRouteTable live = follower(vertx, sentinels.url(), "a");
      long first = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();
      await().atMost(Duration.ofSeconds(2)).until(() -> live.current().epoch() == first);
      try (Jedis master = sentinels.master()) {
        master.waitReplicas(1, 2_000);
      }

      Recovery.after("route table publish after SIGKILL of the Sentinel primary", () -> sentinels.primary().kill(),
          () -> assertThat(store.currentEpoch().await()).isEqualTo(first), Duration.ofSeconds(30));
      long second = store.publishNext(Tables.catalogAt("legacy"), "alice", "rollback").await().epoch();

      Duration resubscribed = Recovery.after("follower applies an epoch published on the promoted replica", () -> { },
          () -> assertThat(live.current().epoch()).isEqualTo(second), Duration.ofSeconds(10));
      assertThat(resubscribed).isLessThan(Duration.ofSeconds(10));
      assertThat(sentinels.masterPort()).isEqualTo(sentinels.replica().port());
    }
  }

  @Test
  void theRequestPathRedisWorksAgainOnThePromotedReplica(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      AtomicReference<LoopRedis> created = new AtomicReference<>();
      OnVertx.await(vertx, () -> {
        created.set(new LoopRedis(vertx, sentinels.url(), Duration.ofSeconds(1), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE));
        return Future.succeededFuture();
      });
      LoopRedis loop = created.get();
      send(vertx, loop, Request.cmd(Command.SET).arg("it:k").arg("v"));
      try (Jedis master = sentinels.master()) {
        assertThat(master.get("it:k")).isEqualTo("v");
        master.waitReplicas(1, 2_000);
      }

      Recovery.after("request-path Redis (LoopRedis) after SIGKILL of the Sentinel primary", () -> sentinels.primary().kill(),
          () -> assertThat(send(vertx, loop, Request.cmd(Command.GET).arg("it:k"))).isEqualTo("v"), Duration.ofSeconds(30));
    }
  }

  @Test
  void aPlannedFailoverIsFollowedByTheRouteTableAndTheRequestPath(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      RedisRouteStore store = store(vertx, sentinels.url());
      LiveRouteTable live = follower(vertx, sentinels.url(), "a");
      AtomicReference<LoopRedis> created = new AtomicReference<>();
      OnVertx.await(vertx, () -> {
        created.set(new LoopRedis(vertx, sentinels.url(), Duration.ofSeconds(1), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE));
        return Future.succeededFuture();
      });
      LoopRedis loop = created.get();
      send(vertx, loop, Request.cmd(Command.SET).arg("it:k").arg("before"));
      long first = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();
      await().atMost(Duration.ofSeconds(2)).until(() -> live.current().epoch() == first);

      // The old primary stays a master until Sentinel converts it (its next INFO, up to 10 s later): the clients'
      // switch watch must move them off it before that, or what they write there is lost.
      Duration moved = Recovery.after("request-path writes reach the new master after a planned failover (SENTINEL FAILOVER)",
          () -> {
            sentinels.failover();
            sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));
          }, () -> {
            assertThat(send(vertx, loop, Request.cmd(Command.SET).arg("it:k").arg("after"))).isEqualTo("OK");
            try (Jedis master = sentinels.master()) {
              assertThat(master.get("it:k")).isEqualTo("after");
            }
          }, Duration.ofSeconds(30));
      assertThat(moved).isLessThan(PLANNED_FAILOVER_BOUND);

      long[] second = {0};
      Duration followed = Recovery.after("route table: an epoch published after the planned failover is on the new master and applied by a follower",
          () -> second[0] = store.publishNext(Tables.catalogAt("legacy"), "alice", "rollback").await().epoch(), () -> {
            try (Jedis master = sentinels.master()) {
              assertThat(master.hget("it:{routes}:current", "epoch")).isEqualTo(String.valueOf(second[0]));
            }
            assertThat(live.current().epoch()).isEqualTo(second[0]);
          }, Duration.ofSeconds(10));
      assertThat(followed).isLessThan(PLANNED_FAILOVER_BOUND);
      assertThat(sentinels.masterPort()).isEqualTo(sentinels.replica().port());
    }
  }

  @Test
  void aFollowerSubscribesAgainAfterAStandaloneRedisRestarts(Vertx vertx) {
    try (RedisServerProcess server = RedisServerProcess.start()) {
      String url = server.endpoint().uri();
      RedisRouteStore store = store(vertx, url);
      LiveRouteTable live = follower(vertx, url, "a");
      long first = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();
      await().atMost(Duration.ofSeconds(2)).until(() -> live.current().epoch() == first);

      server.restart(); // empty again: the next publish starts over at epoch 1
      await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
          .until(() -> store.publishNext(Tables.catalogAt("legacy"), "alice", "again").await().epoch() == 1);
      long latest = store.publishNext(Tables.catalogAt("{canary: {backend: catalog, percent: 5}}"), "alice", "canary")
          .await().epoch();

      await().atMost(Duration.ofSeconds(5)).until(() -> live.current().epoch() == latest);
    }
  }

  /** On the event loop the LoopRedis was made on (it is confined to it). */
  private static String send(Vertx vertx, LoopRedis loop, Request request) {
    return OnVertx.await(vertx, () -> loop.send(request).map(r -> r == null ? null : r.toString()));
  }

  private static RedisRouteStore store(Vertx vertx, String url) {
    return new RedisRouteStore(SwitchingRedis.create(vertx, url), new RouteStoreKeys("it:"),
        Duration.ofSeconds(1), Clock.systemUTC());
  }

  private static LiveRouteTable follower(Vertx vertx, String url, String id) {
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, Tables.catalogAt("legacy"), RestrictedAddresses.NONE),
        RestrictedAddresses.NONE);
    Redis redis = SwitchingRedis.create(vertx, url);
    RedisRouteStore own = new RedisRouteStore(redis, new RouteStoreKeys("it:"), Duration.ofSeconds(1), Clock.systemUTC());
    new RouteTableFollower(vertx, redis, own, live, id, PUBSUB_ONLY, Clock.systemUTC()).start().await();
    return live;
  }
}
