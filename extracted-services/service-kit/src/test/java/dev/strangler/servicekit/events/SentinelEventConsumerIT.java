package dev.strangler.servicekit.events;

import static dev.strangler.servicekit.events.WireEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.servicekit.config.EnvReader;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.Recovery;
import dev.strangler.testsupport.RedisSentinels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A service's event consumer on a Sentinel deployment of the test's own: it reads through the sentinels, and its
 * blocking reads resume on the promoted replica after the primary is killed.
 */
@ExtendWith(VertxExtension.class)
class SentinelEventConsumerIT {

  private static final String STREAM = "it:events:thing";
  private static final String ACCT = "it:acct:";

  @Test
  void theConsumerReadsThroughTheSentinelsAndResumesOnThePromotedReplica(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      Redis redis = ServiceRedis.create(vertx, sentinels.url());
      EventConsumerOptions options = EventConsumerOptions.of("accounting", List.of(STREAM)).withConsumer("c1")
          .withGuardPrefix("it:guard:").withBlock(Duration.ofMillis(200)).withRetries(Duration.ofMillis(100), 5);
      EventConsumer consumer = new EventConsumer(vertx, redis, redis, options, AccountingConsumer.handler(ACCT, Duration.ZERO),
          new SimpleMeterRegistry());
      OnVertx.await(vertx, consumer::start);
      try (Jedis master = sentinels.master()) {
        append(master, STREAM, 1, "before");
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(master.get(ACCT + "total")));
        master.waitReplicas(1, 2_000);
      }

      Recovery.after("event consumer reads an entry added on the promoted replica after SIGKILL of the primary", () -> {
        sentinels.primary().kill();
        sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));
        try (Jedis promoted = sentinels.master()) {
          append(promoted, STREAM, 2, "after");
        }
      }, () -> {
        try (Jedis promoted = sentinels.master()) {
          assertThat(promoted.get(ACCT + "total")).isEqualTo("2");
        }
      }, Duration.ofSeconds(15));

      try (Jedis promoted = sentinels.master()) {
        assertThat(promoted.hkeys(ACCT + "applied")).containsExactlyInAnyOrder("Thing:before", "Thing:after");
      }
      OnVertx.await(vertx, consumer::stop);
    }
  }

  @Test
  void aServiceTakesASentinelUrlForItsDiscoveryRedis() {
    EnvReader env = new EnvReader(Map.of(
        "CATALOG_DISCOVERY_REDIS_URL", "redis-sentinel://catalog:pw@s1:26379,s2:26379,s3:26379/0?master=acme"));
    ServiceOptions service = ServiceOptions.read(env, "CATALOG", "catalog-service", 8082);

    env.validate();
    assertThat(service.discoveryRedisUrl()).startsWith("redis-sentinel://");
  }
}
