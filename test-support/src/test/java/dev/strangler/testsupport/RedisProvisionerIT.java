package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Each rung of the Redis ladder that can run on this machine, run for real. */
class RedisProvisionerIT {

  @Test
  void withoutRedisUrlOrDockerTheHarnessStartsItsOwnServer() {
    RedisEndpoint endpoint = RedisProvisioner.choose(Map.of(), () -> false);

    try (Jedis jedis = endpoint.connect()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
    assertThat(endpoint.source()).startsWith("redis-server process");
  }

  @Test
  void redisUrlPointsTheHarnessAtThatServer() {
    String url = System.getenv(RedisProvisioner.ENV_REDIS_URL);
    assumeTrue(url != null && !url.isBlank(), "REDIS_URL is not set");

    RedisEndpoint endpoint = RealRedis.server();

    assertThat(endpoint.source()).isEqualTo("REDIS_URL");
    try (Jedis jedis = endpoint.connect()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void withDockerTheHarnessRunsARedisContainer() {
    assumeTrue(DockerAvailability.isAvailable(), "no Docker engine here");

    RedisEndpoint endpoint = RedisProvisioner.fromTestcontainers();

    try (Jedis jedis = endpoint.connect()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
  }
}
