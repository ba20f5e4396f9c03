package dev.strangler.servicekit.events;

import static dev.strangler.servicekit.events.WireEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.servicekit.config.EnvReader;
import dev.strangler.servicekit.config.InvalidConfigException;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisWithTls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** A service's Redis ({@link ServiceRedis}) and event consumer over {@code rediss://}, trusting the test CA through the URL. */
@ExtendWith(VertxExtension.class)
class TlsEventConsumerIT {

  private static final String STREAM = "it:events:thing";
  private static final String ACCT = "it:acct:";

  @Test
  void theConsumerReadsAppliesAndAcknowledgesOverTls(Vertx vertx) {
    try (RedisWithTls server = RedisWithTls.start(); Jedis admin = server.connect()) {
      Redis redis = ServiceRedis.create(vertx, server.url());
      EventConsumerOptions options = EventConsumerOptions.of("accounting", List.of(STREAM)).withConsumer("c1")
          .withGuardPrefix("it:guard:").withBlock(Duration.ofMillis(200)).withRetries(Duration.ofMillis(100), 5);
      EventConsumer consumer = new EventConsumer(vertx, redis, redis, options, AccountingConsumer.handler(ACCT, Duration.ZERO),
          new SimpleMeterRegistry());
      // The JVM's first TLS connection loads its TLS machinery (seconds on a loaded machine): made here, unbounded.
      redis.send(Request.cmd(Command.PING)).await();
      OnVertx.await(vertx, consumer::start);

      append(admin, STREAM, 1, "first");
      append(admin, STREAM, 2, "second");

      await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(admin.get(ACCT + "total")));
      assertThat(admin.hkeys(ACCT + "applied")).containsExactlyInAnyOrder("Thing:first", "Thing:second");
      await().atMost(Duration.ofSeconds(5)).until(() -> admin.xpending(STREAM, "accounting").getTotal() == 0);
      OnVertx.await(vertx, consumer::stop);
    }
  }

  @Test
  void aServiceRedisCaFileThatIsNotThereIsAProblemNamingTheSetting() {
    EnvReader env = new EnvReader(Map.of(
        "CATALOG_DISCOVERY_REDIS_URL", "rediss://catalog:pw@redis:6380/0?tls-ca-cert-file=/nowhere/ca.pem"));
    ServiceOptions.read(env, "CATALOG", "catalog-service", 8082);

    assertThatThrownBy(env::validate).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.getMessage())
        .contains("CATALOG_DISCOVERY_REDIS_URL: Redis URL parameter tls-ca-cert-file: '/nowhere/ca.pem' is not a file")
        .doesNotContain(":pw@"));
  }
}
