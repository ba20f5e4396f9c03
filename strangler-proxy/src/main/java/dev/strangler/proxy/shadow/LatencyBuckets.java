package dev.strangler.proxy.shadow;

/**
 * Fixed logarithmic latency buckets, the same on every instance so their counts add up in Redis: bucket {@code i} holds
 * latencies up to 2^(i/4) µs (four buckets per doubling, each 19 % wider than the last), from 1 µs to about 67 s; bucket
 * 0 holds everything up to 1 µs and the last everything above. A percentile read back from the counts is the bucket's
 * geometric middle, within 10 % of any latency in it.
 */
public final class LatencyBuckets {

  /** Buckets per doubling of the latency. */
  public static final int PER_DOUBLING = 4;
  /** How many buckets there are. */
  public static final int COUNT = 26 * PER_DOUBLING + 1;

  private LatencyBuckets() {}

  /** The bucket a latency falls in. */
  public static int of(long nanos) {
    double micros = nanos / 1_000.0;
    if (micros <= 1) {
      return 0;
    }
    int bucket = (int) Math.ceil(PER_DOUBLING * (Math.log(micros) / Math.log(2)) - 1e-9);
    return Math.min(bucket, COUNT - 1);
  }

  /** The largest latency in a bucket, in nanoseconds. */
  public static double upperNanos(int bucket) {
    return 1_000.0 * Math.pow(2, (double) bucket / PER_DOUBLING);
  }

  /** The smallest latency in a bucket (exclusive), in nanoseconds. */
  public static double lowerNanos(int bucket) {
    return bucket == 0 ? 0 : upperNanos(bucket - 1);
  }

  /** The {@code q} quantile of the counted latencies in milliseconds, to the microsecond; null when nothing was counted. */
  public static Double quantileMs(long[] counts, double q) {
    double nanos = quantileNanos(counts, q);
    return Double.isNaN(nanos) ? null : Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /** The {@code q} quantile (0 < q <= 1) of the counted latencies, in nanoseconds; NaN when nothing was counted. */
  public static double quantileNanos(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int bucket = 0; bucket < counts.length; bucket++) {
      seen += counts[bucket];
      if (seen >= rank) {
        return bucket == 0 ? upperNanos(0) : Math.sqrt(lowerNanos(bucket) * upperNanos(bucket));
      }
    }
    return upperNanos(counts.length - 1);
  }
}
