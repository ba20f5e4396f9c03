package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowSummaryTest {

  private static final long[] NONE = new long[LatencyBuckets.COUNT];

  @Test
  void beforeAnyComparisonRatesAndPercentilesAreNull() {
    ShadowSummary empty = new ShadowSummary("r", Instant.parse("2026-11-29T06:00:00Z"), Map.of(), List.of(), NONE, NONE);

    JsonObject json = empty.toJson();

    assertThat(json.getLong("compared")).isZero();
    assertThat(json.getValue("matchRate")).isNull();
    assertThat(json.getValue("mismatchRate")).isNull();
    assertThat(json.getJsonObject("legacy").getValue("errorRate")).isNull();
    assertThat(json.getJsonObject("candidate").getValue("p99Ms")).isNull();
    assertThat(json.getJsonObject("candidateMinusLegacy").getValue("p99Ms")).isNull();
    assertThat(json.getString("since")).isEqualTo("2026-11-29T06:00:00Z");
  }

  @Test
  void dropsAndLossesAreGroupedByTheirPrefix() {
    ShadowSummary summary = new ShadowSummary("r", null, Map.of("matched", 3L, "dropped:unsafe", 2L, "dropped:body_too_large", 1L,
        "lost:streamEntries", 4L), List.of(new ShadowSummary.PathCount("/a", 2)), NONE, NONE);

    JsonObject json = summary.toJson();

    assertThat(json.getJsonObject("dropped")).isEqualTo(new JsonObject().put("body_too_large", 1).put("unsafe", 2));
    assertThat(json.getJsonObject("lost")).isEqualTo(new JsonObject().put("streamEntries", 4));
    assertThat(json.getJsonArray("topPaths").getJsonObject(0)).isEqualTo(new JsonObject().put("path", "/a").put("count", 2));
    assertThat(json.getDouble("matchRate")).isEqualTo(1.0);
  }

  @Test
  void errorRatesAreOverEveryComparisonAndTheMatchRateOverTheJudgedOnes() {
    ShadowSummary summary = new ShadowSummary("r", null, Map.of("matched", 6L, "mismatched", 2L, "skipped", 2L,
        "candidateErrors", 1L), List.of(), NONE, NONE);

    assertThat(summary.compared()).isEqualTo(10);
    assertThat(summary.matchRate()).isEqualTo(0.75);
    assertThat(summary.mismatchRate()).isEqualTo(0.25);
    assertThat(summary.errorRate(ShadowSummary.CANDIDATE_SIDE)).isEqualTo(0.1);
    assertThat(summary.errorRate(ShadowSummary.LEGACY_SIDE)).isEqualTo(0.0);
  }

  @Test
  void aDropReasonsNameIsItsLowerCaseConstant() {
    assertThat(ShadowSummary.name(ShadowResults.DropReason.COMPARE_QUEUE_FULL)).isEqualTo("compare_queue_full");
  }
}
