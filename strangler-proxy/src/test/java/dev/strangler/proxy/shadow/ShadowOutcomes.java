package dev.strangler.proxy.shadow;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Shadow outcomes as the mirroring would report them, built by hand for tests. */
public final class ShadowOutcomes {

  public static final String LEGACY_BODY = "{\"items\":[{\"price\":\"2.50\"}]}";
  public static final String CANDIDATE_BODY = "{\"items\":[{\"price\":\"2.5\"}]}";

  private ShadowOutcomes() {}

  public static ShadowOutcome match(String route, Duration legacy, Duration candidate) {
    return outcome(route, new Comparison(Comparison.Outcome.MATCH, List.of(), 0, List.of(), 0, null), 200, legacy, 200, candidate);
  }

  public static ShadowOutcome mismatch(String route, String... paths) {
    List<Difference> differences = java.util.Arrays.stream(paths)
        .map(path -> new Difference(Difference.Kind.CHANGED, path, "\"2.50\"", "\"2.5\"")).toList();
    return outcome(route, new Comparison(Comparison.Outcome.MISMATCH, differences, differences.size(), List.of(), 0, null),
        200, Duration.ofMillis(5), 200, Duration.ofMillis(7));
  }

  public static ShadowOutcome skipped(String route) {
    return outcome(route, new Comparison(Comparison.Outcome.SKIPPED, List.of(), 0, List.of(), 0, "body over 1048576 bytes"),
        200, Duration.ofMillis(5), 200, Duration.ofMillis(5));
  }

  /** The candidate failed: no answer (a 0 status, an error) after {@code candidate}. */
  public static ShadowOutcome candidateFailed(String route, Duration candidate) {
    ShadowOutcome.Side legacySide = new ShadowOutcome.Side("legacy", 200, null, Duration.ofMillis(5).toNanos(), bytes(LEGACY_BODY));
    ShadowOutcome.Side candidateSide = new ShadowOutcome.Side("catalog", 0, "connection refused", candidate.toNanos(), null);
    Comparison comparison = new Comparison(Comparison.Outcome.MISMATCH,
        List.of(new Difference(Difference.Kind.STATUS, "status", "200", "0")), 1, List.of(), 0, null);
    return new ShadowOutcome(Instant.now(), route, 7, "GET", "/api/products/1", legacySide, candidateSide, comparison);
  }

  public static ShadowOutcome outcome(String route, Comparison comparison, int legacyStatus, Duration legacy, int candidateStatus,
                               Duration candidate) {
    return new ShadowOutcome(Instant.now(), route, 7, "GET", "/api/products?page=2",
        new ShadowOutcome.Side("legacy", legacyStatus, null, legacy.toNanos(), bytes(LEGACY_BODY)),
        new ShadowOutcome.Side("catalog", candidateStatus, null, candidate.toNanos(), bytes(CANDIDATE_BODY)), comparison);
  }

  /** {@code outcome} as it is when the candidate's copy was a sandboxed copy of a write. */
  public static ShadowOutcome sandboxed(ShadowOutcome outcome) {
    return new ShadowOutcome(outcome.at(), outcome.routeId(), outcome.epoch(), "POST", "/api/orders", outcome.legacy(),
        outcome.candidate(), outcome.comparison(), true);
  }

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
