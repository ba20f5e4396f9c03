package dev.strangler.proxy.shadow;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how shadow results are kept: the stream of comparisons and the fleet-wide summary per route, in one Redis
 * shared by every proxy instance.
 *
 * @param redisUrl     the Redis holding the results; default the route store's ({@code STRANGLER_REDIS_URL})
 * @param keyPrefix    before every key ({@code <prefix>{shadow}:results}…); default {@value #DEFAULT_KEY_PREFIX}
 * @param streamMaxLen the stream is trimmed to about this many entries ({@code MAXLEN ~}); default {@value #DEFAULT_STREAM_MAX_LEN}
 * @param flushInterval how often an instance adds its counts to the summary and its entries to the stream; default
 *     {@link #DEFAULT_FLUSH_INTERVAL}
 * @param backlog      stream entries an instance holds while waiting for Redis; past it entries are dropped (counted);
 *     default {@value #DEFAULT_BACKLOG}
 * @param sampleBytes  each side's body sample kept with a mismatch is cut to this; default {@value #DEFAULT_SAMPLE_BYTES}
 * @param timeout      a flush, or an admin read, that Redis has not answered by then has failed; default {@link #DEFAULT_TIMEOUT}
 * @param maxPaths     differing paths kept per route (the most frequent); default {@value #DEFAULT_MAX_PATHS}
 */
public record ShadowResultsOptions(String redisUrl, String keyPrefix, int streamMaxLen, Duration flushInterval, int backlog,
                                   int sampleBytes, Duration timeout, int maxPaths) {

  public static final String DEFAULT_KEY_PREFIX = "strangler:";
  public static final int DEFAULT_STREAM_MAX_LEN = 10_000;
  /** Once a second: a gate reads numbers at most a second old, and Redis gets one batch per instance per second. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  /** A few seconds of a busy route's comparisons; bounds what a slow Redis can make an instance hold. */
  public static final int DEFAULT_BACKLOG = 2_000;
  public static final int DEFAULT_SAMPLE_BYTES = 4_096;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_PATHS = 500;

  public ShadowResultsOptions {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    Objects.requireNonNull(flushInterval, "flushInterval == null");
    Objects.requireNonNull(timeout, "timeout == null");
    if (streamMaxLen < 1 || backlog < 1 || sampleBytes < 0 || maxPaths < 1) {
      throw new IllegalArgumentException("streamMaxLen, backlog and maxPaths must be > 0 and sampleBytes >= 0");
    }
  }

  public static ShadowResultsOptions defaults(String redisUrl) {
    return new ShadowResultsOptions(redisUrl, DEFAULT_KEY_PREFIX, DEFAULT_STREAM_MAX_LEN, DEFAULT_FLUSH_INTERVAL, DEFAULT_BACKLOG,
        DEFAULT_SAMPLE_BYTES, DEFAULT_TIMEOUT, DEFAULT_MAX_PATHS);
  }

  public ShadowResultsOptions withKeyPrefix(String value) {
    return new ShadowResultsOptions(redisUrl, value, streamMaxLen, flushInterval, backlog, sampleBytes, timeout, maxPaths);
  }

  public ShadowResultsOptions withFlushInterval(Duration value) {
    return new ShadowResultsOptions(redisUrl, keyPrefix, streamMaxLen, value, backlog, sampleBytes, timeout, maxPaths);
  }

  public ShadowResultsOptions withBacklog(int value) {
    return new ShadowResultsOptions(redisUrl, keyPrefix, streamMaxLen, flushInterval, value, sampleBytes, timeout, maxPaths);
  }

  public ShadowResultsOptions withTimeout(Duration value) {
    return new ShadowResultsOptions(redisUrl, keyPrefix, streamMaxLen, flushInterval, backlog, sampleBytes, value, maxPaths);
  }

  /** The keys under this prefix. */
  public ShadowKeys keys() {
    return new ShadowKeys(keyPrefix);
  }

  @Override
  public String toString() {
    // The Redis URL may carry a password.
    return "ShadowResultsOptions[keyPrefix=" + keyPrefix + ", streamMaxLen=" + streamMaxLen + ", flushInterval=" + flushInterval
        + ", backlog=" + backlog + ", sampleBytes=" + sampleBytes + ", timeout=" + timeout + ", maxPaths=" + maxPaths + "]";
  }
}
