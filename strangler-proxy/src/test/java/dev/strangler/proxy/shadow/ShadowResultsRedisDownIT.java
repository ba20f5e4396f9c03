package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** With the results' Redis killed or hung, recording never holds up the caller; what can't be kept is counted; it recovers. */
@ExtendWith(VertxExtension.class)
class ShadowResultsRedisDownIT {

  private static final int BACKLOG = 50;
  private static final int RECORDED = 200;

  private RedisServerProcess redis;
  private ProxyMetrics metrics;
  private RecordingInstance instance;
  private ShadowSummaryStore summaries;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisServerProcess.start();
    metrics = new ProxyMetrics(new LiveRouteTable(RouteTable.compile(0, RouteTableDefinition.legacyOnly(URI.create("http://127.0.0.1:1")),
        RestrictedAddresses.NONE), RestrictedAddresses.NONE));
    // Flushed by the tests, so each knows what a flush carried.
    ShadowResultsOptions options = new ShadowResultsOptions(redis.endpoint().uri(), "down-test:", 10_000, RecordingInstance.NEVER,
        BACKLOG, 256, Duration.ofMillis(500), 100);
    instance = new RecordingInstance(vertx, options, "proxy-1", metrics);
    summaries = new ShadowSummaryStore(vertx, options, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    instance.stop();
    summaries.close().await();
    redis.close();
  }

  @Test
  void aKilledRedisNeverHoldsUpTheCallerKeepsTheCountsDropsWhatTheBacklogCantHoldAndRecovers() {
    instance.flush(); // connected

    redis.kill();
    long start = System.nanoTime();
    for (int i = 0; i < RECORDED; i++) {
      instance.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/" + i + "/price"));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("%d comparisons recorded with Redis dead", RECORDED).isLessThan(Duration.ofSeconds(1));
    assertThat(instance.recorder().backlogSize()).isLessThanOrEqualTo(BACKLOG);
    // How many depends on whether a flush had taken part of the backlog when it filled; the total is checked below.
    assertThat(metrics.scrape()).contains("strangler_shadow_results_lost_total{route=\"catalog-read\",what=\"stream_entry\"} ")
        .contains("strangler_shadow_comparisons_total{outcome=\"mismatch\",route=\"catalog-read\"} 200.0");
    assertThat(instance.flushOnce()).as("nothing reaches a dead Redis").isFalse();
    assertThat(instance.recorder().backlogSize()).as("kept for later").isPositive();

    redis.restart();

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> instance.flushOnce() && summary().isPresent() && summary().get().getLong("compared")
        + summary().get().getJsonObject("lost").getLong("comparisons", 0L) == RECORDED);
    JsonObject summary = summary().orElseThrow();
    try (Jedis jedis = redis.endpoint().connect()) {
      long entries = jedis.xlen("down-test:{shadow}:results");
      assertThat(entries + summary.getJsonObject("lost").getLong("streamEntries")).isEqualTo(RECORDED);
      assertThat(entries).isPositive().isLessThanOrEqualTo(BACKLOG);
    }
    assertThat(summary.getJsonArray("topPaths").getJsonObject(0).getString("path")).isEqualTo("/items/*/price");
  }

  @Test
  void aHungRedisCostsTheCallerNothingAndAnUnansweredFlushIsCountedAsLost() {
    instance.flush();

    redis.pause();
    try {
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        instance.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(6)));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(instance.flushOnce()).as("sent, never answered").isFalse();
      assertThat(metrics.scrape()).contains("strangler_shadow_results_lost_total{route=\"catalog-read\",what=\"comparison\"} 20.0");
    } finally {
      redis.resume();
    }

    instance.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(6)));
    instance.flush();
    // The unanswered batch may still have been applied once Redis woke up: lost means "maybe not counted".
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> summary().map(s -> s.getLong("compared") >= 1
        && s.getJsonObject("lost").getLong("comparisons", 0L) == 20).orElse(false));
  }

  private Optional<JsonObject> summary() {
    return summaries.summary("catalog-read", 10).await().map(ShadowSummary::toJson);
  }
}
