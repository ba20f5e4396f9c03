package dev.strangler.proxy.shadow;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One route's counts since the last flush, in memory: what an instance adds to the fleet's summary next. Bounded (a
 * fixed set of counters, at most {@code maxPaths} distinct paths; further ones count as {@value #OTHER_PATHS}).
 * Thread-safe: every method holds the tally's lock for a few increments only, never while doing I/O.
 */
final class RouteTally {

  /** Where differing paths past the bound are counted. */
  static final String OTHER_PATHS = "(other paths)";

  /**
   * What a route's tally held when drained; {@code sandboxed}: how many of its comparisons were of sandboxed copies;
   * {@code firstAt}: the earliest recording time of its comparisons (null without any).
   */
  record Delta(long matched, long mismatched, long skipped, long sandboxed, long legacyErrors, long candidateErrors,
               Map<ShadowResults.DropReason, Long> dropped, long lostEntries, long lostComparisons, Map<String, Long> paths,
               long[] legacyLatency, long[] candidateLatency, Instant firstAt) {

    long compared() {
      return matched + mismatched + skipped;
    }

    boolean isEmpty() {
      return compared() == 0 && dropped.isEmpty() && lostEntries == 0 && lostComparisons == 0;
    }
  }

  private final int maxPaths;
  private long matched;
  private long mismatched;
  private long skipped;
  private long sandboxed;
  private long legacyErrors;
  private long candidateErrors;
  private long lostEntries;
  private long lostComparisons;
  private EnumMap<ShadowResults.DropReason, Long> dropped = new EnumMap<>(ShadowResults.DropReason.class);
  private HashMap<String, Long> paths = new HashMap<>();
  private long[] legacyLatency = new long[LatencyBuckets.COUNT];
  private long[] candidateLatency = new long[LatencyBuckets.COUNT];
  private Instant firstAt;

  RouteTally(int maxPaths) {
    this.maxPaths = maxPaths;
  }

  synchronized void compared(ShadowOutcome outcome) {
    Comparison comparison = outcome.comparison();
    firstAt = earliest(firstAt, outcome.at());
    switch (comparison.outcome()) {
      case MATCH -> matched++;
      case MISMATCH -> mismatched++;
      case SKIPPED -> skipped++;
    }
    sandboxed += outcome.sandboxed() ? 1 : 0;
    legacyErrors += outcome.legacy().failed() ? 1 : 0;
    candidateErrors += outcome.candidate().failed() ? 1 : 0;
    // Only answers have a latency: a side that never answered (refused, no instance, timed out) would read as fast.
    if (outcome.legacy().answered()) {
      legacyLatency[LatencyBuckets.of(outcome.legacy().latencyNanos())]++;
    }
    if (outcome.candidate().answered()) {
      candidateLatency[LatencyBuckets.of(outcome.candidate().latencyNanos())]++;
    }
    // A path counts once per comparison, however many array elements differ under it.
    java.util.List<Difference> differences = comparison.mismatches();
    Set<String> seen = differences.size() > 1 ? new HashSet<>() : null;
    for (Difference difference : differences) {
      String path = LearnedNoise.generalise(difference.path());
      if (seen == null || seen.add(path)) {
        path(path, 1);
      }
    }
  }

  private void path(String path, long count) {
    paths.merge(paths.containsKey(path) || paths.size() < maxPaths ? path : OTHER_PATHS, count, Long::sum);
  }

  synchronized void dropped(ShadowResults.DropReason reason) {
    dropped.merge(reason, 1L, Long::sum);
  }

  /** A stream entry of this route was not written (the backlog was full, or Redis failed). */
  synchronized void lostEntry() {
    lostEntries++;
  }

  /** A flush of {@code unsent} sent nothing: everything in it is counted again, for the next flush. */
  synchronized void restore(Delta unsent) {
    matched += unsent.matched();
    mismatched += unsent.mismatched();
    skipped += unsent.skipped();
    sandboxed += unsent.sandboxed();
    legacyErrors += unsent.legacyErrors();
    candidateErrors += unsent.candidateErrors();
    carryOver(unsent);
    lostComparisons -= unsent.compared(); // carried over as counts, not lost
    firstAt = earliest(firstAt, unsent.firstAt());
    unsent.paths().forEach(this::path);
    for (int bucket = 0; bucket < LatencyBuckets.COUNT; bucket++) {
      legacyLatency[bucket] += unsent.legacyLatency()[bucket];
      candidateLatency[bucket] += unsent.candidateLatency()[bucket];
    }
  }

  /** A flush of {@code failed} may or may not have reached Redis: its drops and losses stay counted, its comparisons become lost. */
  synchronized void carryOver(Delta failed) {
    failed.dropped().forEach((reason, count) -> dropped.merge(reason, count, Long::sum));
    lostEntries += failed.lostEntries();
    lostComparisons += failed.lostComparisons() + failed.compared();
  }

  /** Takes everything counted so far, leaving the tally empty. */
  synchronized Delta drain() {
    Delta delta = new Delta(matched, mismatched, skipped, sandboxed, legacyErrors, candidateErrors, dropped, lostEntries, lostComparisons,
        paths, legacyLatency, candidateLatency, firstAt);
    matched = mismatched = skipped = sandboxed = legacyErrors = candidateErrors = lostEntries = lostComparisons = 0;
    dropped = new EnumMap<>(ShadowResults.DropReason.class);
    paths = new HashMap<>();
    legacyLatency = new long[LatencyBuckets.COUNT];
    candidateLatency = new long[LatencyBuckets.COUNT];
    firstAt = null;
    return delta;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || (b != null && b.isBefore(a)) ? b : a;
  }
}
