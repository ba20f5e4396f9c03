package dev.strangler.proxy.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Where routes' cached answers live and how the proxy reads the events that evict them.
 *
 * @param redisUrl the Redis holding the entries and the tag index, shared by every proxy instance; default the route
 *     store's ({@code STRANGLER_REDIS_URL})
 * @param keyPrefix before every key ({@code <prefix>{cache}:…}); default {@value #DEFAULT_KEY_PREFIX}
 * @param timeout how long a request waits for Redis before it is served without the cache; default {@link #DEFAULT_TIMEOUT}
 * @param maxBodyBytes largest body kept; a larger one streams to the client and is not kept; default
 *     {@link #DEFAULT_MAX_BODY_BYTES}
 * @param eventsRedisUrl the Redis holding the event streams; default {@code redisUrl}
 * @param eventsPrefix before each stream key ({@code <prefix>events:<aggregate type>}); default {@value #DEFAULT_EVENTS_PREFIX}
 */
public record CacheOptions(String redisUrl, String keyPrefix, Duration timeout, long maxBodyBytes, String eventsRedisUrl,
                           String eventsPrefix) {

  public static final String DEFAULT_KEY_PREFIX = "strangler:";
  /** A cache that makes a request wait longer than a backend would is worse than none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** The relay's default: streams are {@code strangler:events:product} and so on. */
  public static final String DEFAULT_EVENTS_PREFIX = "strangler:";

  public CacheOptions {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    Objects.requireNonNull(timeout, "timeout == null");
    eventsRedisUrl = eventsRedisUrl == null ? redisUrl : eventsRedisUrl;
    Objects.requireNonNull(eventsPrefix, "eventsPrefix == null");
  }

  public static CacheOptions defaults(String redisUrl) {
    return new CacheOptions(redisUrl, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, null, DEFAULT_EVENTS_PREFIX);
  }

  /** Keys and streams under one prefix (tests: their namespace). */
  public CacheOptions withPrefix(String prefix) {
    return new CacheOptions(redisUrl, prefix, timeout, maxBodyBytes, eventsRedisUrl, prefix);
  }

  public CacheOptions withTimeout(Duration value) {
    return new CacheOptions(redisUrl, keyPrefix, value, maxBodyBytes, eventsRedisUrl, eventsPrefix);
  }

  public CacheOptions withMaxBodyBytes(long bytes) {
    return new CacheOptions(redisUrl, keyPrefix, timeout, bytes, eventsRedisUrl, eventsPrefix);
  }

  /** The stream of one aggregate type, lower-cased, as the relay names it. */
  public String stream(String aggregateType) {
    return eventsPrefix + "events:" + aggregateType;
  }

  @Override
  public String toString() {
    // Redis URLs may carry passwords.
    return "CacheOptions[keyPrefix=" + keyPrefix + ", timeout=" + timeout + ", maxBodyBytes=" + maxBodyBytes
        + ", eventsPrefix=" + eventsPrefix + "]";
  }
}
