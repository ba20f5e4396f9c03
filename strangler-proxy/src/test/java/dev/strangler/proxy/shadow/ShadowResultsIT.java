package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/** Comparisons recorded to a real Redis: the stream's entries, and the fleet-wide summary two instances add up to. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowResultsIT {

  /** A latency read back from buckets is within one bucket's width of the true one. */
  private static final double BUCKET_WIDTH = Math.pow(2, 1.0 / LatencyBuckets.PER_DOUBLING);

  private RedisNamespace ns;
  private RecordingInstance one;
  private ShadowSummaryStore summaries;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.ns = ns;
    one = RecordingInstance.start(vertx, ns.endpoint().uri(), ns.prefix(), "proxy-1");
    summaries = new ShadowSummaryStore(vertx, ShadowResultsOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    one.stop();
    summaries.close().await();
  }

  @Test
  void eachComparisonIsAStreamEntryWithWhatWasComparedAndOnlyMismatchesCarryBodySamples() {
    one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(3), Duration.ofMillis(4)));
    one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/0/price"));
    one.flush();

    List<StreamEntry> entries = stream();
    assertThat(entries).hasSize(2);
    Map<String, String> match = entries.get(0).getFields();
    assertThat(match).containsEntry("route", "catalog-read").containsEntry("epoch", "7").containsEntry("method", "GET")
        .containsEntry("uri", "/api/products?page=2").containsEntry("outcome", "match").containsEntry("mismatches", "0")
        .containsEntry("instance", "proxy-1").containsEntry("diffs", "[]")
        .doesNotContainKeys("legacySample", "candidateSample");
    assertThat(new JsonObject(match.get("legacy"))).isEqualTo(new JsonObject().put("backend", "legacy").put("status", 200).put("latencyMs", 3.0));
    assertThat(new JsonObject(match.get("candidate")).getDouble("latencyMs")).isEqualTo(4.0);

    Map<String, String> mismatch = entries.get(1).getFields();
    assertThat(mismatch).containsEntry("outcome", "mismatch").containsEntry("mismatches", "1")
        .containsEntry("legacySample", ShadowOutcomes.LEGACY_BODY).containsEntry("candidateSample", ShadowOutcomes.CANDIDATE_BODY);
    assertThat(new JsonArray(mismatch.get("diffs"))).containsExactly(new JsonObject().put("kind", "CHANGED")
        .put("path", "/items/0/price").put("legacy", "\"2.50\"").put("candidate", "\"2.5\""));
  }

  @Test
  void aSandboxedComparisonIsMarkedInItsStreamEntryAndCountedInTheSummaryAndTheRecentMismatches() {
    one.recorder().compared(ShadowOutcomes.sandboxed(ShadowOutcomes.mismatch("checkout", "/status")));
    one.recorder().compared(ShadowOutcomes.sandboxed(ShadowOutcomes.match("checkout", Duration.ofMillis(3), Duration.ofMillis(4))));
    one.recorder().compared(ShadowOutcomes.match("checkout", Duration.ofMillis(3), Duration.ofMillis(4)));
    one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(3), Duration.ofMillis(4)));
    one.flush();

    List<StreamEntry> entries = stream();
    assertThat(entries).extracting(e -> e.getFields().get("sandboxed")).containsExactly("true", "true", null, null);
    assertThat(entries.get(0).getFields()).containsEntry("method", "POST").containsEntry("outcome", "mismatch");
    JsonObject summary = summary("checkout");
    assertThat(summary.getLong("compared")).isEqualTo(3);
    assertThat(summary.getLong("sandboxed")).isEqualTo(2);
    assertThat(summary.getLong("mismatched")).isEqualTo(1);
    assertThat(summaries.recentMismatches("checkout", null, 10).await()).singleElement()
        .satisfies(m -> assertThat(m.getBoolean("sandboxed")).isTrue());
    assertThat(summary("catalog-read").getLong("sandboxed")).isZero();
  }

  @Test
  void aFailedSideIsRecordedWithItsErrorAndCountedAsThatSidesError() {
    one.recorder().compared(ShadowOutcomes.candidateFailed("catalog-read", Duration.ofMillis(30)));
    one.flush();

    JsonObject candidate = new JsonObject(stream().get(0).getFields().get("candidate"));
    assertThat(candidate).isEqualTo(new JsonObject().put("backend", "catalog").put("status", 0).put("latencyMs", 30.0)
        .put("error", "connection refused"));
    JsonObject summary = summary("catalog-read");
    assertThat(summary.getJsonObject("candidate").getLong("errors")).isEqualTo(1);
    assertThat(summary.getJsonObject("candidate").getDouble("errorRate")).isEqualTo(1.0);
    assertThat(summary.getJsonObject("legacy").getDouble("errorRate")).isEqualTo(0.0);
    assertThat(summary.getJsonObject("candidateMinusLegacy").getDouble("errorRate")).isEqualTo(1.0);
  }

  @Test
  void aBodySampleIsCutToTheConfiguredSizeAndSaysSo(Vertx vertx) {
    RecordingInstance small = new RecordingInstance(vertx, new ShadowResultsOptions(ns.endpoint().uri(), ns.prefix(), 100,
        RecordingInstance.NEVER, 10, 8, Duration.ofSeconds(2), 10), "proxy-small", ShadowEvents.NONE);
    try {
      small.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/0/price"));
      small.flush();
    } finally {
      small.stop();
    }
    assertThat(stream().get(0).getFields()).containsEntry("legacySample", ShadowOutcomes.LEGACY_BODY.substring(0, 8))
        .containsEntry("legacySampleTruncated", "true");
  }

  @Test
  void aBinarySampleIsKeptAsBase64AndATextCutInsideACharacterLosesOnlyThatCharacter(Vertx vertx) {
    RecordingInstance small = new RecordingInstance(vertx, new ShadowResultsOptions(ns.endpoint().uri(), ns.prefix(), 100,
        RecordingInstance.NEVER, 10, 5, Duration.ofSeconds(2), 10), "proxy-small", ShadowEvents.NONE);
    ShadowOutcome mismatch = ShadowOutcomes.mismatch("catalog-read", "body");
    byte[] gzip = {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff, 0x01};
    byte[] euros = ShadowOutcomes.bytes("a€€"); // 1 + 3 + 3 bytes: the fifth byte is inside the second euro
    try {
      small.recorder().compared(new ShadowOutcome(mismatch.at(), mismatch.routeId(), 7, "GET", "/img",
          new ShadowOutcome.Side("legacy", 200, null, 1, gzip), new ShadowOutcome.Side("catalog", 200, null, 1, euros),
          mismatch.comparison()));
      small.flush();
    } finally {
      small.stop();
    }

    Map<String, String> entry = stream().get(0).getFields();
    assertThat(entry).containsEntry("legacySampleBase64", java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(gzip, 5)))
        .containsEntry("candidateSample", "a€").containsEntry("candidateSampleTruncated", "true")
        .doesNotContainKeys("legacySample", "candidateSampleBase64");
  }

  @Test
  void aSkippedComparisonSaysWhy() {
    one.recorder().compared(ShadowOutcomes.skipped("catalog-read"));
    one.flush();

    assertThat(stream().get(0).getFields()).containsEntry("outcome", "skipped").containsEntry("skipReason", "body over 1048576 bytes")
        .doesNotContainKeys("legacySample", "candidateSample");
  }

  @Test
  void theSummaryCountsOutcomesAndMatchRate() {
    IntStream.range(0, 18).forEach(i -> one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5))));
    IntStream.range(0, 2).forEach(i -> one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/name")));
    one.recorder().compared(ShadowOutcomes.skipped("catalog-read"));
    one.flush();

    JsonObject summary = summary("catalog-read");
    assertThat(summary.getLong("compared")).isEqualTo(21);
    assertThat(summary.getLong("matched")).isEqualTo(18);
    assertThat(summary.getLong("mismatched")).isEqualTo(2);
    assertThat(summary.getLong("skipped")).isEqualTo(1);
    assertThat(summary.getDouble("matchRate")).as("skipped bodies say nothing either way").isEqualTo(0.9);
    assertThat(summary.getDouble("mismatchRate")).isEqualTo(0.1);
    assertThat(Instant.parse(summary.getString("since"))).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void p50AndP99PerSideComeFromTheLatencyBucketsWithinABucketsWidth() {
    // legacy: 98 at 10 ms, 2 at 200 ms; candidate: 50 at 20 ms, 50 at 40 ms
    for (int i = 0; i < 100; i++) {
      one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(i < 98 ? 10 : 200), Duration.ofMillis(i < 50 ? 20 : 40)));
    }
    one.flush();

    JsonObject summary = summary("catalog-read");
    assertWithinABucket(summary.getJsonObject("legacy").getDouble("p50Ms"), 10);
    assertWithinABucket(summary.getJsonObject("legacy").getDouble("p99Ms"), 200);
    assertWithinABucket(summary.getJsonObject("candidate").getDouble("p50Ms"), 20);
    assertWithinABucket(summary.getJsonObject("candidate").getDouble("p99Ms"), 40);
    assertThat(summary.getJsonObject("candidateMinusLegacy").getDouble("p99Ms")).isLessThan(0);
  }

  @Test
  void topDifferingPathsAreCountedOncePerComparisonWithArrayIndicesGeneralised() {
    one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/0/price", "/items/3/price", "/name"));
    one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/12/price"));
    one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/1/price", "/items/1/tags/0"));
    one.flush();

    JsonArray top = summary("catalog-read").getJsonArray("topPaths");
    assertThat(top.getJsonObject(0)).isEqualTo(new JsonObject().put("path", "/items/*/price").put("count", 3));
    assertThat(top.stream().skip(1)).containsExactlyInAnyOrder(new JsonObject().put("path", "/items/*/tags/*").put("count", 1),
        new JsonObject().put("path", "/name").put("count", 1));
  }

  @Test
  void twoInstancesOnTheSamePrefixAddUpInOneSummary(Vertx vertx) {
    RecordingInstance two = RecordingInstance.start(vertx, ns.endpoint().uri(), ns.prefix(), "proxy-2");
    try {
      IntStream.range(0, 3).forEach(i -> one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(6))));
      one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/0/price"));
      IntStream.range(0, 5).forEach(i -> two.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(6))));
      two.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/4/price"));
      two.recorder().dropped("catalog-read", ShadowResults.DropReason.IN_FLIGHT_BUDGET);
      one.flush();
      two.flush();
    } finally {
      two.stop();
    }

    JsonObject summary = summary("catalog-read");
    assertThat(summary.getLong("compared")).isEqualTo(10);
    assertThat(summary.getLong("mismatched")).isEqualTo(2);
    assertThat(summary.getJsonArray("topPaths")).containsExactly(new JsonObject().put("path", "/items/*/price").put("count", 2));
    assertThat(summary.getJsonObject("dropped")).isEqualTo(new JsonObject().put("in_flight_budget", 1));
    assertThat(stream()).extracting(e -> e.getFields().get("instance")).containsOnly("proxy-1", "proxy-2").hasSize(10);
  }

  @Test
  void comparisonsReportedFromManyThreadsAtOnceAreEachCountedOnce() throws Exception {
    int threads = 4;
    int each = 2_000;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            one.recorder().compared(i % 4 == 0 ? ShadowOutcomes.mismatch("catalog-read", "/items/" + i + "/price")
                : ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5)));
          }
        }));
        one.flush(); // flushes race the recording threads
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    one.flush();

    JsonObject summary = summary("catalog-read");
    assertThat(summary.getLong("compared")).isEqualTo(threads * each);
    assertThat(summary.getLong("mismatched")).isEqualTo(threads * each / 4);
    assertThat(summary.getJsonArray("topPaths").getJsonObject(0).getLong("count")).isEqualTo(threads * each / 4);
    try (Jedis jedis = ns.endpoint().connect()) {
      assertThat(jedis.xlen(ns.key("{shadow}:results")) + summary.getJsonObject("lost").getLong("streamEntries", 0L))
          .isEqualTo(threads * each);
    }
  }

  @Test
  void dropsAreCountedByReasonPerRoute() {
    one.recorder().dropped("catalog-read", ShadowResults.DropReason.BODY_TOO_LARGE);
    one.recorder().dropped("catalog-read", ShadowResults.DropReason.BODY_TOO_LARGE);
    one.recorder().dropped("orders", ShadowResults.DropReason.UNSAFE);
    one.flush();

    assertThat(summary("catalog-read").getJsonObject("dropped")).isEqualTo(new JsonObject().put("body_too_large", 2));
    assertThat(summary("catalog-read").getLong("compared")).isZero();
    assertThat(summary("orders").getJsonObject("dropped")).isEqualTo(new JsonObject().put("unsafe", 1));
    assertThat(summaries.routes().await()).containsExactly("catalog-read", "orders");
  }

  @Test
  void aResetClearsTheRoutesSummaryAndCountsFromThen() {
    IntStream.range(0, 4).forEach(i -> one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/name")));
    one.recorder().compared(ShadowOutcomes.match("orders", Duration.ofMillis(5), Duration.ofMillis(5)));
    one.flush();
    Instant before = Instant.now();

    Instant since = summaries.reset("catalog-read").await();
    one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5)));
    one.flush();

    JsonObject summary = summary("catalog-read");
    assertThat(since).isAfterOrEqualTo(before.minusMillis(1));
    assertThat(summary.getString("since")).isEqualTo(since.toString());
    assertThat(summary.getLong("compared")).isEqualTo(1);
    assertThat(summary.getLong("mismatched")).isZero();
    assertThat(summary.getJsonArray("topPaths")).isEmpty();
    assertThat(summaries.recentMismatches("catalog-read", since, 10).await()).as("mismatches before the reset").isEmpty();
    assertThat(summary("orders").getLong("compared")).as("other routes untouched").isEqualTo(1);
  }

  @Test
  void aMismatchRecordedBeforeTheResetButWrittenAfterItIsNotRecent(Vertx vertx) {
    ShadowSummaryStore lagging = new ShadowSummaryStore(vertx,
        ShadowResultsOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix()),
        Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5)));
    try {
      Instant since = lagging.reset("catalog-read").await();
      ShadowOutcome recorded = ShadowOutcomes.mismatch("catalog-read", "/name");
      // recorded before the reset, batched into the stream (with a newer id) only after it
      one.recorder().compared(new ShadowOutcome(since.minusSeconds(1), recorded.routeId(), recorded.epoch(),
          recorded.method(), recorded.uri(), recorded.legacy(), recorded.candidate(), recorded.comparison()));
      one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/after"));
      one.flush();

      assertThat(lagging.recentMismatches("catalog-read", since, 10).await())
          .extracting(e -> e.getJsonArray("diffs").getJsonObject(0).getString("path")).containsExactly("/after");
    } finally {
      lagging.close().await();
    }
  }

  @Test
  void recentMismatchesAreARoutesNewestFirstWithTheirDiffs() {
    for (int i = 0; i < 5; i++) {
      one.recorder().compared(ShadowOutcomes.mismatch("catalog-read", "/items/" + i + "/price"));
      one.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5)));
      one.recorder().compared(ShadowOutcomes.mismatch("orders", "/total"));
    }
    one.flush();

    List<JsonObject> recent = summaries.recentMismatches("catalog-read", null, 3).await();
    assertThat(recent).extracting(e -> e.getJsonArray("diffs").getJsonObject(0).getString("path"))
        .containsExactly("/items/4/price", "/items/3/price", "/items/2/price");
    assertThat(recent.get(0).getString("legacySample")).isEqualTo(ShadowOutcomes.LEGACY_BODY);
    assertThat(recent.get(0).getJsonObject("candidate").getInteger("status")).isEqualTo(200);
  }

  @Test
  void aFullBacklogDropsStreamEntriesButStillCountsTheComparisons(Vertx vertx) {
    RecordingInstance tiny = new RecordingInstance(vertx, ShadowResultsOptions.defaults(ns.endpoint().uri()).withKeyPrefix(ns.prefix())
        .withFlushInterval(RecordingInstance.NEVER).withBacklog(2), "proxy-tiny", ShadowEvents.NONE);
    try {
      IntStream.range(0, 5).forEach(i -> tiny.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5))));
      assertThat(tiny.recorder().backlogSize()).isEqualTo(2);
      tiny.flush();
    } finally {
      tiny.stop();
    }

    assertThat(stream()).hasSize(2);
    JsonObject summary = summary("catalog-read");
    assertThat(summary.getLong("compared")).isEqualTo(5);
    assertThat(summary.getJsonObject("lost")).isEqualTo(new JsonObject().put("streamEntries", 3));
  }

  @Test
  void theStreamIsTrimmedToAboutItsMaximumLength(Vertx vertx) {
    RecordingInstance capped = new RecordingInstance(vertx, new ShadowResultsOptions(ns.endpoint().uri(), ns.prefix(), 10,
        RecordingInstance.NEVER, 5_000, 64, Duration.ofSeconds(2), 10), "proxy-capped", ShadowEvents.NONE);
    try {
      IntStream.range(0, 3_000).forEach(i -> capped.recorder().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(5), Duration.ofMillis(5))));
      capped.flush();
    } finally {
      capped.stop();
    }
    try (Jedis jedis = ns.endpoint().connect()) {
      // MAXLEN ~ trims whole macro nodes (100 entries by default): about the cap, never the whole history.
      assertThat(jedis.xlen(ns.key("{shadow}:results"))).isLessThan(300);
    }
    assertThat(summary("catalog-read").getLong("compared")).isEqualTo(3_000);
  }

  private static void assertWithinABucket(double actualMs, double trueMs) {
    assertThat(actualMs).isBetween(trueMs / BUCKET_WIDTH, trueMs * BUCKET_WIDTH);
  }

  private JsonObject summary(String route) {
    return summaries.summary(route, 10).await().orElseThrow().toJson();
  }

  private List<StreamEntry> stream() {
    try (Jedis jedis = ns.endpoint().connect()) {
      return jedis.xrange(ns.key("{shadow}:results"), "-", "+");
    }
  }
}
