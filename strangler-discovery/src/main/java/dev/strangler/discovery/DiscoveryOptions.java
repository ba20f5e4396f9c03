package dev.strangler.discovery;

import dev.strangler.redis.RedisDeployment;
import java.time.Duration;
import java.util.Objects;

/**
 * Where discovery lives and how fast a dead instance disappears.
 *
 * @param redisUrl the Redis holding the registry: any deployment {@link RedisDeployment} reads (standalone, Sentinel,
 *     Cluster); checked here
 * @param prefix key prefix; default {@value #DEFAULT_PREFIX}
 * @param heartbeatInterval how often a registered instance says it is alive; default {@link #DEFAULT_HEARTBEAT}
 * @param expiry an instance not heard from for this long is gone; default {@link #DEFAULT_EXPIRY}
 */
public record DiscoveryOptions(String redisUrl, String prefix, Duration heartbeatInterval, Duration expiry) {

  public static final String DEFAULT_PREFIX = "strangler:";
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(3);

  public DiscoveryOptions {
    RedisDeployment.parse(Objects.requireNonNull(redisUrl, "redisUrl == null"));
    Objects.requireNonNull(prefix, "prefix == null");
    if (expiry.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("expiry must be at least two heartbeats (got " + expiry + " for " + heartbeatInterval + ")");
    }
  }

  public static DiscoveryOptions of(String redisUrl, String prefix) {
    return new DiscoveryOptions(redisUrl, prefix, DEFAULT_HEARTBEAT, DEFAULT_EXPIRY);
  }

  /** The hash vertx-service-discovery keeps its records in. */
  String recordsKey() {
    return prefix + "{services}:records";
  }

  /** Sorted set: registration → time of its last heartbeat (ms). */
  String heartbeatsKey() {
    return prefix + "{services}:heartbeats";
  }

  @Override
  public String toString() {
    return "DiscoveryOptions[prefix=" + prefix + ", heartbeat=" + heartbeatInterval + ", expiry=" + expiry + "]";
  }
}
