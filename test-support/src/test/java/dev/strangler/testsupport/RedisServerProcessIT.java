package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RedisServerProcessIT {

  @Test
  void startsTheBundledBinaryOnAFreePort() {
    try (RedisServerProcess server = RedisServerProcess.start(RedisBinary.bundled());
         Jedis jedis = server.endpoint().connect()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(server.port()).isNotEqualTo(6379);
    }
  }

  @Test
  void startsTheBinaryFoundOnPath() {
    Path onPath = RedisBinary.onPath().orElse(null);
    assumeTrue(onPath != null, "no redis-server on PATH");
    try (RedisServerProcess server = RedisServerProcess.start(onPath); Jedis jedis = server.endpoint().connect()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void aKilledServerRefusesConnectionsAndComesBackEmptyOnTheSamePortAfterRestart() {
    try (RedisServerProcess server = RedisServerProcess.start()) {
      try (Jedis jedis = server.endpoint().connect()) {
        jedis.set("k", "v");
      }
      int port = server.port();

      server.kill();

      assertThat(server.isAlive()).isFalse();
      assertThatThrownBy(() -> server.endpoint().connect().ping()).isInstanceOf(JedisConnectionException.class);

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      try (Jedis jedis = server.endpoint().connect()) {
        assertThat(jedis.get("k")).isNull();
      }
    }
  }

  @Test
  void aPausedServerAcceptsNoCommandsUntilResumed() {
    try (RedisServerProcess server = RedisServerProcess.start();
         Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()),
             DefaultJedisClientConfig.builder().socketTimeoutMillis(300).build())) {
      assertThat(jedis.ping()).isEqualTo("PONG");

      server.pause();

      assertThatThrownBy(jedis::ping).isInstanceOf(JedisConnectionException.class).hasMessageContaining("timed out");

      server.resume();

      try (Jedis fresh = server.endpoint().connect()) {
        assertThat(fresh.ping()).isEqualTo("PONG");
      }
    }
  }
}
