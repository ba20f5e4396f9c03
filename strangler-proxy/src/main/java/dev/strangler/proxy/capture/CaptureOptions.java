package dev.strangler.proxy.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * Where captured exchanges go: one Redis stream for the fleet, {@code <keyPrefix>capture}, capped in length.
 *
 * @param redisUrl the Redis holding the capture; default the route store's ({@code STRANGLER_REDIS_URL})
 * @param keyPrefix before the stream's name; default {@value #DEFAULT_KEY_PREFIX}
 * @param maxEntries the stream is trimmed to about this many entries (XADD MAXLEN ~); default {@value #DEFAULT_MAX_ENTRIES}
 * @param maxPending writes to Redis outstanding at once for the whole proxy; a record over it is dropped; default
 *     {@value #DEFAULT_MAX_PENDING}
 * @param timeout how long one write may take before it counts as failed; default {@link #DEFAULT_TIMEOUT}
 */
public record CaptureOptions(String redisUrl, String keyPrefix, long maxEntries, int maxPending, Duration timeout) {

  public static final String DEFAULT_KEY_PREFIX = "strangler:";
  public static final long DEFAULT_MAX_ENTRIES = 100_000;
  /** Records wait in memory only while Redis is slow: a thousand of at most two bodies each stays small. */
  public static final int DEFAULT_MAX_PENDING = 1000;
  /** Nobody waits for a write; the timeout only bounds how long a record stays in memory. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  public CaptureOptions {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    Objects.requireNonNull(timeout, "timeout == null");
  }

  public static CaptureOptions defaults(String redisUrl) {
    return new CaptureOptions(redisUrl, DEFAULT_KEY_PREFIX, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_PENDING, DEFAULT_TIMEOUT);
  }

  /** The stream every record goes to. */
  public String streamKey() {
    return keyPrefix + "capture";
  }

  @Override
  public String toString() {
    // The Redis URL may carry a password.
    return "CaptureOptions[stream=" + streamKey() + ", maxEntries=" + maxEntries + ", maxPending=" + maxPending
        + ", timeout=" + timeout + "]";
  }
}
