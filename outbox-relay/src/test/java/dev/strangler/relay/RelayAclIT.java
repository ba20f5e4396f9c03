package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.redis.RedisClients;
import dev.strangler.testsupport.RedisSentinels;
import dev.strangler.testsupport.RedisWithAcl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;

/** The relay under its least-privilege user of ops/redis/users.acl: it leads and appends, other components' keys are refused. */
@ExtendWith(RelayFixtureExtension.class)
class RelayAclIT {

  private static final Path USERS = Path.of("../ops/redis/users.acl");

  @Test
  void theRelayUserLeadsAndAppendsAndIsRefusedOutsideItsKeys(RelayFixture fx) throws Exception {
    try (RedisWithAcl server = RedisWithAcl.start(USERS);
        UnifiedJedis redis = RedisClients.create(server.url("strangler-relay", "relay-change-me"));
        UnifiedJedis admin = RedisClients.create(server.adminUrl())) {
      List<Long> products = fx.outbox().insertMany(10, "Product");
      fx.relays().start(Relays.options(fx.namespace(), "a").keyPrefix("strangler:").build(), fx.outbox().dataSource(), redis);

      await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
      assertThat(admin.xrange("strangler:events:product", (StreamEntryID) null, (StreamEntryID) null))
          .extracting(e -> e.getID().getTime()).containsExactlyElementsOf(products);
      assertThat(admin.exists("strangler:relay:outbox-relay:lease") || !admin.keys("strangler:relay:*").isEmpty()).isTrue();

      assertThatThrownBy(() -> redis.get("strangler:{routes}:current")).isInstanceOf(JedisAccessControlException.class);
      assertThatThrownBy(() -> redis.hset("acme:session:sessions:s1", "x", "1")).isInstanceOf(JedisAccessControlException.class);
      assertThatThrownBy(() -> redis.set("catalog:product:ACME-1", "forged")).isInstanceOf(JedisAccessControlException.class);
    }
  }

  @Test
  void theRelayUserAppendsThroughSentinelsThatKnowIt(RelayFixture fx) throws Exception {
    try (RedisSentinels sentinels = RedisSentinels.startWithAcl(USERS);
        UnifiedJedis redis = RedisClients.create(
            sentinels.url().replace("redis-sentinel://", "redis-sentinel://strangler-relay:relay-change-me@"))) {
      List<Long> products = fx.outbox().insertMany(5, "Product");
      fx.relays().start(Relays.options(fx.namespace(), "a").keyPrefix("strangler:").build(), fx.outbox().dataSource(), redis);

      await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
      try (Jedis master = sentinels.master()) {
        assertThat(master.xrange("strangler:events:product", (StreamEntryID) null, (StreamEntryID) null))
            .extracting(e -> e.getID().getTime()).containsExactlyElementsOf(products);
      }
      assertThatThrownBy(() -> redis.get("strangler:{routes}:current")).isInstanceOf(JedisAccessControlException.class);
    }
  }
}
