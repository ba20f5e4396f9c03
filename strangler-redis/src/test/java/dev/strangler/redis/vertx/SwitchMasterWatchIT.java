package dev.strangler.redis.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.redis.RedisDeployment;
import dev.strangler.redis.RedisDeployment.Node;
import dev.strangler.testsupport.RedisSentinels;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The switch watch on real sentinels, and on plain servers standing in for sentinels where a test needs to announce a
 * switch itself ({@code PUBLISH +switch-master}) or to take a "sentinel" away.
 */
class SwitchMasterWatchIT {

  private static final SwitchMasterWatch.Options QUICK = new SwitchMasterWatch.Options(Duration.ofMillis(300), Duration.ofMillis(200));

  private final Vertx vertx = Vertx.vertx();
  private final List<MasterSwitch> told = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void aPlannedFailoverIsToldOnceThoughEverySentinelAnnouncesIt() {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      SwitchMasterWatch watch = SwitchMasterWatch.of(vertx, RedisDeployment.parse(sentinels.url()), QUICK).start();
      watch.onSwitch(told::add);
      await().atMost(Duration.ofSeconds(5)).until(() -> watch.subscribed() == 3);

      sentinels.failover();
      await().atMost(Duration.ofSeconds(20)).until(() -> sentinels.everySentinelNames(sentinels.replica().port()));

      await().atMost(Duration.ofSeconds(5)).until(() -> watch.heard() == 3); // each sentinel announces it
      assertThat(told).hasSize(1);
      assertThat(told.get(0)).extracting(MasterSwitch::master, MasterSwitch::from, MasterSwitch::to).containsExactly(
          RedisSentinels.MASTER_NAME, new Node("127.0.0.1", sentinels.primary().port()), new Node("127.0.0.1", sentinels.replica().port()));
      watch.close();
    }
  }

  @Test
  void eachSwitchIsToldOnceAndOtherMastersAreIgnored() {
    try (RedisServerProcess a = RedisServerProcess.start(); RedisServerProcess b = RedisServerProcess.start()) {
      SwitchMasterWatch watch = watch(a, b);
      await().atMost(Duration.ofSeconds(5)).until(() -> watch.subscribed() == 2);

      announce(a, "other 10.0.0.1 6379 10.0.0.2 6379");
      await().atMost(Duration.ofSeconds(5)).until(() -> watch.heard() == 1);
      assertThat(told).isEmpty();

      announce(a, "strangler 10.0.0.1 6379 10.0.0.2 6379");
      announce(b, "strangler 10.0.0.1 6379 10.0.0.2 6379");
      await().atMost(Duration.ofSeconds(5)).until(() -> watch.heard() == 3);
      assertThat(told).hasSize(1);

      announce(a, "strangler 10.0.0.2 6379 10.0.0.1 6379");
      announce(b, "strangler 10.0.0.2 6379 10.0.0.1 6379");
      await().atMost(Duration.ofSeconds(5)).until(() -> watch.heard() == 5);
      assertThat(told).extracting(s -> s.to().host()).containsExactly("10.0.0.2", "10.0.0.1");
      watch.close();
    }
  }

  @Test
  void aSentinelThatGoesAwayIsSubscribedToAgainWhenItComesBack() {
    try (RedisServerProcess sentinel = RedisServerProcess.start()) {
      awaySubscribedAgainAndHeard(sentinel, sentinel::kill, sentinel::restart);
    }
  }

  @Test
  void aSilentSentinelIsNoticedByItsPingAndSubscribedToAgain() {
    try (RedisServerProcess sentinel = RedisServerProcess.start()) {
      awaySubscribedAgainAndHeard(sentinel, sentinel::pause, sentinel::resume);
    }
  }

  private void awaySubscribedAgainAndHeard(RedisServerProcess sentinel, Runnable away, Runnable back) {
    SwitchMasterWatch watch = watch(sentinel);
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.subscribed() == 1);

    away.run();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> watch.subscribed() == 0);
    } finally {
      back.run();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.subscribed() == 1);
    announce(sentinel, "strangler 10.0.0.1 6379 10.0.0.2 6379");
    await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 1);
    watch.close();
  }

  @Test
  void aWatchNeedsASentinelDeployment() {
    assertThatThrownBy(() -> SwitchMasterWatch.of(vertx, RedisDeployment.parse("redis://h:1"), QUICK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis-sentinel://");
  }

  private SwitchMasterWatch watch(RedisServerProcess... standIns) {
    List<String> urls = Arrays.stream(standIns).map(s -> "redis://127.0.0.1:" + s.port()).toList();
    SwitchMasterWatch watch = new SwitchMasterWatch(vertx, urls, "strangler", QUICK).start();
    watch.onSwitch(told::add);
    return watch;
  }

  private static void announce(RedisServerProcess server, String payload) {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      assertThat(jedis.publish(SwitchMasterWatch.CHANNEL, payload)).isEqualTo(1);
    }
  }
}
