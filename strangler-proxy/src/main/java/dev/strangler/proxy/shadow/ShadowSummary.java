package dev.strangler.proxy.shadow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One route's fleet-wide shadow summary as read from Redis: comparisons by outcome (and how many were of sandboxed
 * copies), errors and latency per side, the most frequent differing paths, drops, and since when it counts (the last
 * reset, or the first comparison).
 */
public record ShadowSummary(String route, Instant since, Map<String, Long> counts, List<PathCount> topPaths,
                            long[] legacyLatency, long[] candidateLatency) {

  /** Summary hash field: comparisons of sandboxed copies (also counted as matched, mismatched or skipped). */
  static final String SANDBOXED = "sandboxed";
  /** Summary hash field: when counting began. */
  static final String SINCE = "since";
  /** Summary hash fields prefix: drops by reason. */
  static final String DROPPED = "dropped:";
  /** Summary hash fields prefix: what a lagging Redis cost. */
  static final String LOST = "lost:";
  /** The sides' names (latency hash fields, JSON, metrics). */
  public static final String LEGACY_SIDE = "legacy";
  public static final String CANDIDATE_SIDE = "candidate";

  /** A differing path (array indices as {@code *}) and in how many comparisons it differed. */
  public record PathCount(String path, long count) {}

  public ShadowSummary {
    counts = Map.copyOf(counts);
    topPaths = List.copyOf(topPaths);
  }

  /** The name a drop reason has in the summary and metrics: {@code body_too_large}. */
  public static String name(ShadowResults.DropReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  public long count(String field) {
    return counts.getOrDefault(field, 0L);
  }

  /** Every comparison: matched, mismatched and skipped. */
  public long compared() {
    return count("matched") + count("mismatched") + count("skipped");
  }

  /** Matched over matched and mismatched (a skipped body says nothing either way); null before any. */
  public Double matchRate() {
    long judged = count("matched") + count("mismatched");
    return judged == 0 ? null : (double) count("matched") / judged;
  }

  /** Mismatched over matched and mismatched; null before any. */
  public Double mismatchRate() {
    long judged = count("matched") + count("mismatched");
    return judged == 0 ? null : (double) count("mismatched") / judged;
  }

  /** Errors (no answer, or a 5xx) of one side over every comparison; null before any. */
  public Double errorRate(String side) {
    return compared() == 0 ? null : (double) count(side + "Errors") / compared();
  }

  /** The {@code q} quantile of one side's latency in milliseconds (see {@link LatencyBuckets}); null before any. */
  public Double latencyMs(String side, double q) {
    return LatencyBuckets.quantileMs(LEGACY_SIDE.equals(side) ? legacyLatency : candidateLatency, q);
  }

  public JsonObject toJson() {
    JsonObject dropped = new JsonObject();
    JsonObject lost = new JsonObject();
    new TreeMap<>(counts).forEach((field, value) -> {
      if (field.startsWith(DROPPED)) {
        dropped.put(field.substring(DROPPED.length()), value);
      } else if (field.startsWith(LOST)) {
        lost.put(field.substring(LOST.length()), value);
      }
    });
    return new JsonObject().put("route", route).put("since", since == null ? null : since.toString())
        .put("compared", compared()).put("matched", count("matched")).put("mismatched", count("mismatched"))
        .put("skipped", count("skipped")).put(SANDBOXED, count(SANDBOXED)).put("matchRate", matchRate()).put("mismatchRate", mismatchRate())
        .put(LEGACY_SIDE, side(LEGACY_SIDE)).put(CANDIDATE_SIDE, side(CANDIDATE_SIDE))
        .put("candidateMinusLegacy", new JsonObject().put("errorRate", minus(errorRate(CANDIDATE_SIDE), errorRate(LEGACY_SIDE)))
            .put("p99Ms", minus(latencyMs(CANDIDATE_SIDE, 0.99), latencyMs(LEGACY_SIDE, 0.99))))
        .put("topPaths", new JsonArray(topPaths.stream().map(p -> new JsonObject().put("path", p.path()).put("count", p.count())).toList()))
        .put("dropped", dropped).put("lost", lost);
  }

  private JsonObject side(String side) {
    return new JsonObject().put("errors", count(side + "Errors")).put("errorRate", errorRate(side))
        .put("p50Ms", latencyMs(side, 0.50)).put("p99Ms", latencyMs(side, 0.99));
  }

  private static Double minus(Double a, Double b) {
    return a == null || b == null ? null : a - b;
  }
}
