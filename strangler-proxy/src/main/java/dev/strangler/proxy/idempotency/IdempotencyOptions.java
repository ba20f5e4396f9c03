package dev.strangler.proxy.idempotency;

import java.time.Duration;
import java.util.Objects;

/**
 * Where idempotency keys are kept: one Redis shared by every proxy instance, so a retry is recognised whichever instance
 * it reaches, and after a restart.
 *
 * @param redisUrl the Redis keeping the keys; default the route store's ({@code STRANGLER_REDIS_URL})
 * @param keyPrefix before every key ({@code <prefix>idem:<route>:<sha256>}); default {@value #DEFAULT_KEY_PREFIX}
 * @param timeout how long a request waits for Redis before it gets a 503; default {@link #DEFAULT_TIMEOUT}
 * @param lockTtl how long a claim of a request still in progress lives if its proxy dies before the outcome; should
 *     exceed the longest response timeout; default {@link #DEFAULT_LOCK_TTL}
 * @param maxResponseBytes largest response body kept for replay; a larger one is kept as "done, not replayable";
 *     default {@value #DEFAULT_MAX_RESPONSE_BYTES}
 */
public record IdempotencyOptions(String redisUrl, String keyPrefix, Duration timeout, Duration lockTtl,
                                 long maxResponseBytes) {

  public static final String DEFAULT_KEY_PREFIX = "strangler:";
  /** Redis on the same network answers in about a millisecond; a write waiting longer is better refused. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
  public static final Duration DEFAULT_LOCK_TTL = Duration.ofMinutes(2);
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

  public IdempotencyOptions {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    Objects.requireNonNull(timeout, "timeout == null");
    Objects.requireNonNull(lockTtl, "lockTtl == null");
  }

  public static IdempotencyOptions defaults(String redisUrl) {
    return new IdempotencyOptions(redisUrl, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT, DEFAULT_LOCK_TTL, DEFAULT_MAX_RESPONSE_BYTES);
  }

  public IdempotencyOptions withKeyPrefix(String prefix) {
    return new IdempotencyOptions(redisUrl, prefix, timeout, lockTtl, maxResponseBytes);
  }

  public IdempotencyOptions withTimeout(Duration value) {
    return new IdempotencyOptions(redisUrl, keyPrefix, value, lockTtl, maxResponseBytes);
  }

  public IdempotencyOptions withLockTtl(Duration value) {
    return new IdempotencyOptions(redisUrl, keyPrefix, timeout, value, maxResponseBytes);
  }

  public IdempotencyOptions withMaxResponseBytes(long value) {
    return new IdempotencyOptions(redisUrl, keyPrefix, timeout, lockTtl, value);
  }

  @Override
  public String toString() {
    // The Redis URL may carry a password.
    return "IdempotencyOptions[keyPrefix=" + keyPrefix + ", timeout=" + timeout + ", lockTtl=" + lockTtl
        + ", maxResponseBytes=" + maxResponseBytes + "]";
  }
}
