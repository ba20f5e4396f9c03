package dev.strangler.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Delays between reconnection attempts: the first, then doubled after each failure up to a cap; back to the first after
 * a success. Not thread-safe: one per connection, used from its event loop or thread.
 */
public final class Backoff {

  /** First delay after a lost connection. */
  public static final Duration DEFAULT_FIRST = Duration.ofMillis(100);
  /** No delay grows past this: a failover is noticed within it once the new master answers. */
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(2);

  private final long firstMillis;
  private final long maxMillis;
  private long nextMillis;

  public Backoff(Duration first, Duration max) {
    Objects.requireNonNull(first, "first == null");
    Objects.requireNonNull(max, "max == null");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max (got " + first + ", " + max + ")");
    }
    this.firstMillis = first.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = firstMillis;
  }

  public static Backoff defaults() {
    return new Backoff(DEFAULT_FIRST, DEFAULT_MAX);
  }

  /** The delay before the next attempt; the one after it is twice as long, up to the cap. */
  public long nextDelayMillis() {
    long delay = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    return delay;
  }

  /** A connection succeeded: the next failure waits the first delay again. */
  public void reset() {
    nextMillis = firstMillis;
  }
}
