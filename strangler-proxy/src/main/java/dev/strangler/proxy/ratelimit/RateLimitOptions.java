package dev.strangler.proxy.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Where routes' rate limits are counted: one Redis shared by every proxy instance, so a limit holds for the fleet.
 *
 * @param redisUrl the Redis counting the limits; default the route store's ({@code STRANGLER_REDIS_URL})
 * @param keyPrefix before every key ({@code <prefix>ratelimit:<route>:<key kind>:<value>}); default {@value #DEFAULT_KEY_PREFIX}
 * @param timeout how long a request waits for Redis before the route's {@code onRedisDown} applies; default
 *     {@link #DEFAULT_TIMEOUT}
 */
public record RateLimitOptions(String redisUrl, String keyPrefix, Duration timeout) {

  public static final String DEFAULT_KEY_PREFIX = "strangler:";
  /** Redis on the same network answers in about a millisecond; a limit must never cost a request much more. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

  public RateLimitOptions {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    Objects.requireNonNull(timeout, "timeout == null");
  }

  public static RateLimitOptions defaults(String redisUrl) {
    return new RateLimitOptions(redisUrl, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT);
  }

  public RateLimitOptions withKeyPrefix(String prefix) {
    return new RateLimitOptions(redisUrl, prefix, timeout);
  }

  public RateLimitOptions withTimeout(Duration value) {
    return new RateLimitOptions(redisUrl, keyPrefix, value);
  }

  @Override
  public String toString() {
    // The Redis URL may carry a password.
    return "RateLimitOptions[keyPrefix=" + keyPrefix + ", timeout=" + timeout + "]";
  }
}
