package dev.strangler.playbook;

/**
 * The numbers a step must show before the playbook moves on; a null limit is not checked.
 *
 * @param minComparedRequests shadow or canary comparisons needed at least
 * @param maxMismatchRate highest share of mismatched comparisons, 0–1
 * @param maxErrorRateDelta highest (extracted − legacy) error rate, 0–1
 * @param maxP99DeltaMillis highest (extracted − legacy) p99 latency, in milliseconds
 * @param requirePassingReplay a replay report of recorded traffic must have passed
 * @param maxDrift highest drift {@code strangler drift check} may report (aggregates and events that differ or are on one
 *     side only) with the playbook's drift spec; 0 for stores that must agree exactly
 */
public record Gate(Long minComparedRequests, Double maxMismatchRate, Double maxErrorRateDelta,
                   Long maxP99DeltaMillis, Boolean requirePassingReplay, Long maxDrift) {

  public static final Gate NONE = new Gate(null, null, null, null, null, null);
}
