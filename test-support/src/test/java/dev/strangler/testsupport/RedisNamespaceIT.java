package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisNamespaceIT {

  @Test
  void closingDeletesOnlyTheKeysUnderItsPrefix() {
    RedisNamespace mine = RealRedis.newNamespace("mine");
    try (RedisNamespace other = RealRedis.newNamespace("other"); Jedis jedis = mine.endpoint().connect()) {
      for (int i = 0; i < 1_200; i++) {
        jedis.set(mine.key("k" + i), "v");
      }
      jedis.hset(mine.key("hash"), "f", "v");
      jedis.set(other.key("k"), "kept");

      mine.close();

      assertThat(mine.keys()).isEmpty();
      assertThat(jedis.get(other.key("k"))).isEqualTo("kept");
    }
  }

  @Test
  void everyNamespaceHasItsOwnPrefix() {
    try (RedisNamespace a = RealRedis.newNamespace("same"); RedisNamespace b = RealRedis.newNamespace("same")) {
      assertThat(a.prefix()).isNotEqualTo(b.prefix()).startsWith("test:same_").endsWith(":");
      assertThat(a.key("x")).isEqualTo(a.prefix() + "x");
    }
  }
}
