package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

@ExtendWith(RedisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisExtensionIT {

  private static final List<RedisNamespace> SEEN = new ArrayList<>();

  @Test
  @Order(1)
  void handsEachTestAFreshNamespace(RedisNamespace redis) {
    SEEN.add(redis);
    try (Jedis jedis = redis.endpoint().connect()) {
      assertThat(redis.keys()).isEmpty();
      jedis.set(redis.key("left-behind"), "1");
    }
  }

  @Test
  @Order(2)
  void aSecondTestDoesNotSeeTheFirstTestsKeys(RedisNamespace redis) {
    SEEN.add(redis);
    assertThat(redis.prefix()).isNotEqualTo(SEEN.get(0).prefix());
    assertThat(redis.keys()).isEmpty();
  }

  @AfterAll
  static void keysOfEveryTestWereRemoved() {
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0).keys()).isEmpty();
  }
}
