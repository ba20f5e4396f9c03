package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.RedisCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Shadow results on a real three-master Redis Cluster: a flush writes the results stream and every route's summary,
 * paths and latency in one MULTI (all under {@code {shadow}}), and the summary, a reset and the recent mismatches read back.
 */
@ExtendWith(VertxExtension.class)
class ClusterShadowResultsIT {

  @Test
  void twoInstancesFlushAndTheSummaryAddsThemUp(Vertx vertx) {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (RedisCluster cluster = RedisCluster.start();
        RedisClusterClient jedis = cluster.client()) {
      ShadowKeys keys = new ShadowKeys(prefix);
      assertThat(List.of(keys.routes(), keys.summary("orders"), keys.paths("orders"), keys.latency("catalog-read")))
          .allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).isEqualTo(JedisClusterCRC16.getSlot(keys.stream())));
      RecordingInstance one = RecordingInstance.start(vertx, cluster.url(), prefix, "proxy-1");
      RecordingInstance two = RecordingInstance.start(vertx, cluster.url(), prefix, "proxy-2");
      ShadowSummaryStore summaries = new ShadowSummaryStore(vertx, ShadowResultsOptions.defaults(cluster.url()).withKeyPrefix(prefix),
          Clock.systemUTC());
      try {
        one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(3), Duration.ofMillis(4)));
        one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/0/price"));
        two.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/1/price"));
        two.recorder().compared(ShadowOutcomes.match("orders", Duration.ofMillis(3), Duration.ofMillis(4)));
        one.flush();
        two.flush();

        assertThat(jedis.xlen(keys.stream())).isEqualTo(4);
        assertThat(summaries.routes().await()).containsExactlyInAnyOrder("catalog-read", "orders");
        JsonObject catalog = summaries.summary("catalog-read", 10).await().orElseThrow().toJson();
        assertThat(catalog.getLong("compared")).isEqualTo(3);
        assertThat(catalog.getLong("mismatched")).isEqualTo(2);
        assertThat(catalog.getJsonArray("topPaths")).hasSize(1);
        assertThat(summaries.recentMismatches("catalog-read", null, 10).await()).hasSize(2);

        summaries.reset("catalog-read").await();
        assertThat(summaries.summary("catalog-read", 10).await().orElseThrow().toJson().getLong("compared")).isZero();
        assertThat(summaries.summary("orders", 10).await().orElseThrow().toJson().getLong("compared")).isEqualTo(1);
      } finally {
        one.stop();
        two.stop();
        summaries.close().await();
      }
    }
  }
}
