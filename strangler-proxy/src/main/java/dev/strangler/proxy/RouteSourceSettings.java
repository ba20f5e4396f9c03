package dev.strangler.proxy;

import java.nio.file.Path;

/**
 * Where the route table comes from: a watched file, the fleet's Redis, or neither (every request
 * to the monolith).
 *
 * @param file a YAML/JSON route table file; null when not used
 * @param redisUrl the fleet's Redis ({@code redis://…}); null when not used
 * @param redisPrefix key prefix of this fleet in Redis; default {@value dev.strangler.proxy.table.RouteStoreKeys#DEFAULT_PREFIX}
 */
public record RouteSourceSettings(Path file, String redisUrl, String redisPrefix) {

  public static final RouteSourceSettings NONE = new RouteSourceSettings(null, null, null);

  @Override
  public String toString() {
    // A Redis URL may carry a password.
    return file != null ? "file " + file : redisUrl != null ? "redis (prefix " + redisPrefix + ")" : "none (all to legacy)";
  }
}
