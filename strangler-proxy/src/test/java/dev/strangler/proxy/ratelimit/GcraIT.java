package dev.strangler.proxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.route.RateLimitPolicy;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The limiter's script alone, against the real Redis: its arithmetic in Redis's own time. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class GcraIT {

  private static final RateLimitPolicy FIVE_PER_SECOND_BURST_3 = new RateLimitPolicy(RateLimitPolicy.Rate.parse("5/s"), 3,
      RateLimitPolicy.Key.IP, RateLimitPolicy.OnRedisDown.OPEN);

  private Vertx vertx;
  private Redis redis;
  private String key;
  private RedisNamespace ns;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    redis = Redis.createClient(vertx, ns.endpoint().uri());
    key = ns.key("ratelimit:r:ip:127.0.0.1");
  }

  private Gcra.Verdict check(RateLimitPolicy policy) {
    return OnVertx.await(vertx, () -> Gcra.check(redis::send, key, policy));
  }

  @Test
  void aBurstPassesAtOnceCountingDownThenTheNextWaitsOneInterval() {
    Gcra.Verdict first = check(FIVE_PER_SECOND_BURST_3);
    Gcra.Verdict second = check(FIVE_PER_SECOND_BURST_3);
    Gcra.Verdict third = check(FIVE_PER_SECOND_BURST_3);
    Gcra.Verdict refused = check(FIVE_PER_SECOND_BURST_3);

    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(2);
    assertThat(second.remaining()).isEqualTo(1);
    assertThat(third.remaining()).isZero();
    assertThat(third.resetMicros()).isBetween(550_000L, 600_000L);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterMicros()).as("one interval, less the time since the burst").isBetween(150_000L, 200_000L);
  }

  @Test
  void refusalsDoNotCountAndOneIntervalLaterOneMorePasses() {
    for (int i = 0; i < 3; i++) {
      check(FIVE_PER_SECOND_BURST_3);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(check(FIVE_PER_SECOND_BURST_3).allowed()).isFalse();
    }

    await().atMost(Duration.ofMillis(400)).pollInterval(Duration.ofMillis(10)).until(() -> check(FIVE_PER_SECOND_BURST_3).allowed());
    assertThat(check(FIVE_PER_SECOND_BURST_3).allowed()).as("exactly one").isFalse();
  }

  @Test
  void theKeyLivesOnlyUntilTheBurstIsFullAgain() {
    check(FIVE_PER_SECOND_BURST_3);

    try (var jedis = ns.endpoint().connect()) {
      assertThat(jedis.pttl(key)).isBetween(1L, 200L);
    }
  }

  @Test
  void aBurstOfOneSpacesRequestsByTheInterval() {
    RateLimitPolicy strict = new RateLimitPolicy(RateLimitPolicy.Rate.parse("10/s"), 1, RateLimitPolicy.Key.IP,
        RateLimitPolicy.OnRedisDown.OPEN);

    assertThat(check(strict).remaining()).isZero();
    assertThat(check(strict).allowed()).isFalse();
  }
}
