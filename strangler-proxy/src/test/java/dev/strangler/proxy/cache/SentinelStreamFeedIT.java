package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.Recovery;
import dev.strangler.testsupport.RedisSentinels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/** The proxy's blocking event reader (cache eviction) on a Sentinel deployment: it reads on the promoted replica. */
@ExtendWith(VertxExtension.class)
class SentinelStreamFeedIT {

  @Test
  void theEventReaderResumesOnThePromotedReplicaAfterThePrimaryIsKilled(Vertx vertx) {
    List<StreamEvent> seen = new CopyOnWriteArrayList<>();
    try (RedisSentinels sentinels = RedisSentinels.start()) {
      RedisStreamFeed feed = new RedisStreamFeed(vertx, CacheOptions.defaults(sentinels.url()).withPrefix("it:"),
          Duration.ofMillis(200));
      OnVertx.await(vertx, () -> {
        feed.start(() -> Set.of("product"), seen::add);
        return Future.succeededFuture();
      });
      try (Jedis master = sentinels.master()) {
        // Until the reader has its position, an event may land before it: append until one is seen.
        long[] next = {1};
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          append(master, next[0]++, "BEFORE");
          return !seen.isEmpty();
        });
        master.waitReplicas(1, 2_000);
      }

      Recovery.after("proxy event reader sees an event appended on the promoted replica after SIGKILL of the primary", () -> {
        sentinels.primary().kill();
        sentinels.awaitReplicaPromoted(Duration.ofSeconds(20));
        try (Jedis promoted = sentinels.master()) {
          append(promoted, 1_000, "AFTER");
        }
      }, () -> assertThat(seen).extracting(e -> e.field("aggregateId")).contains("AFTER"), Duration.ofSeconds(15));
      OnVertx.await(vertx, feed::stop);
    }
  }

  private static void append(Jedis jedis, long sequence, String aggregateId) {
    jedis.xadd("it:events:product", new StreamEntryID(sequence, 0), Map.of("type", "PriceChanged", "aggregateType", "Product",
        "aggregateId", aggregateId, "sequence", String.valueOf(sequence), "payload", "{}"));
  }
}
