package dev.strangler.redis;

import java.util.Optional;

/**
 * Redis Cluster's hash tags: a key's slot is computed from the part between its first {@code '{'} and the first
 * {@code '}'} after it, when that part is not empty, so keys one script, {@code MULTI} or multi-stream read touches
 * together must carry the same tag. A component whose keys all hang off one configurable prefix is made cluster-safe
 * by a prefix with a tag ({@code {strangler}:}); on standalone and Sentinel a tag is only characters of the name.
 */
public final class HashTag {

  private HashTag() {}

  /** The hash tag of {@code key} by Redis's rule, empty when it has none. */
  public static Optional<String> of(String key) {
    int open = key.indexOf('{');
    if (open < 0) {
      return Optional.empty();
    }
    int close = key.indexOf('}', open + 1);
    return close <= open + 1 ? Optional.empty() : Optional.of(key.substring(open + 1, close));
  }

  /**
   * A start problem when {@code redisUrl} is a Cluster and {@code prefix} (the value of the setting {@code prefixSetting},
   * before keys used together) carries no hash tag; empty otherwise, and for a URL that does not parse (reported as such
   * by its own setting).
   */
  public static Optional<String> clusterProblem(String redisUrl, String prefixSetting, String prefix, String example) {
    if (redisUrl == null || of(prefix).isPresent() || !isCluster(redisUrl)) {
      return Optional.empty();
    }
    return Optional.of(prefixSetting + " must carry a hash tag on a Redis Cluster, so that the keys used together in one"
        + " script or read share a hash slot: e.g. '" + example + "' (got '" + prefix + "')");
  }

  private static boolean isCluster(String redisUrl) {
    try {
      return RedisDeployment.parse(redisUrl).mode() == RedisDeployment.Mode.CLUSTER;
    } catch (InvalidRedisUrlException e) {
      return false;
    }
  }
}
