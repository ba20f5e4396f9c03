package dev.strangler.proxy.traffic;

import dev.strangler.proxy.shadow.LatencyBuckets;

/**
 * One route's requests per side since the last flush, in memory: counts, errors and latency buckets, a fixed size.
 * Thread-safe: every method holds the tally's lock for a few increments only.
 */
final class TrafficTally {

  /**
   * What a tally held when drained, indexed by {@link Side#ordinal()}; {@code firstMillis}: when its first request ended
   * (epoch milliseconds), 0 without any.
   */
  record Delta(long[] requests, long[] errors, long[][] latency, long firstMillis) {

    boolean isEmpty() {
      for (long r : requests) {
        if (r != 0) {
          return false;
        }
      }
      return true;
    }
  }

  private static final int SIDES = Side.values().length;

  private long[] requests = new long[SIDES];
  private long[] errors = new long[SIDES];
  private long[][] latency = new long[SIDES][LatencyBuckets.COUNT];
  private long firstMillis;

  synchronized void served(Side side, boolean error, long nanos) {
    int s = side.ordinal();
    if (firstMillis == 0) {
      firstMillis = System.currentTimeMillis(); // once per flush interval, not per request
    }
    requests[s]++;
    errors[s] += error ? 1 : 0;
    latency[s][LatencyBuckets.of(nanos)]++;
  }

  /** A flush of {@code unsent} sent nothing: counted again, for the next flush. */
  synchronized void restore(Delta unsent) {
    firstMillis = firstMillis == 0 ? unsent.firstMillis() : Math.min(firstMillis, unsent.firstMillis());
    for (int s = 0; s < SIDES; s++) {
      requests[s] += unsent.requests()[s];
      errors[s] += unsent.errors()[s];
      for (int b = 0; b < LatencyBuckets.COUNT; b++) {
        latency[s][b] += unsent.latency()[s][b];
      }
    }
  }

  /** Takes everything counted so far, leaving the tally empty. */
  synchronized Delta drain() {
    Delta delta = new Delta(requests, errors, latency, firstMillis);
    firstMillis = 0;
    requests = new long[SIDES];
    errors = new long[SIDES];
    latency = new long[SIDES][LatencyBuckets.COUNT];
    return delta;
  }
}
