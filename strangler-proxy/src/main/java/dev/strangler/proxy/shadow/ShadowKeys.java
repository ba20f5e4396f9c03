package dev.strangler.proxy.shadow;

import java.util.Objects;

/**
 * The Redis keys of shadow results under one prefix: the stream of comparisons, the set of routes with a summary, and
 * per route its counts (a hash), differing paths (a sorted set) and latency buckets (a hash). All carry the hash tag
 * {@code {shadow}}: a flush writes them in one {@code MULTI}, which a Redis Cluster runs only on keys of one slot.
 */
public record ShadowKeys(String prefix) {

  public ShadowKeys {
    Objects.requireNonNull(prefix, "prefix == null");
  }

  /** {@code <prefix>{shadow}:results}: one entry per comparison, every route, every instance. */
  public String stream() {
    return prefix + "{shadow}:results";
  }

  /** {@code <prefix>{shadow}:routes}: the routes that have a summary. */
  public String routes() {
    return prefix + "{shadow}:routes";
  }

  /** {@code <prefix>{shadow}:summary:<route>}: counts by outcome, errors, drops, and since when. */
  public String summary(String route) {
    return prefix + "{shadow}:summary:" + route;
  }

  /** {@code <prefix>{shadow}:paths:<route>}: differing paths (indices generalised) scored by how often they differed. */
  public String paths(String route) {
    return prefix + "{shadow}:paths:" + route;
  }

  /** {@code <prefix>{shadow}:latency:<route>}: {@code legacy:<bucket>} and {@code candidate:<bucket>} counts. */
  public String latency(String route) {
    return prefix + "{shadow}:latency:" + route;
  }
}
