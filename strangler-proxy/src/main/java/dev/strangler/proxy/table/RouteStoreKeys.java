package dev.strangler.proxy.table;

import java.util.Objects;

/**
 * The Redis keys of one fleet's route table. The {@code {routes}} hash tag keeps them in one
 * Cluster slot, so the publishing script can touch them atomically.
 *
 * @param prefix namespace of the fleet's keys; default {@value #DEFAULT_PREFIX}
 */
public record RouteStoreKeys(String prefix) {

  public static final String DEFAULT_PREFIX = "strangler:";

  public RouteStoreKeys {
    Objects.requireNonNull(prefix, "prefix == null");
  }

  public static RouteStoreKeys defaults() {
    return new RouteStoreKeys(DEFAULT_PREFIX);
  }

  /** Hash: epoch, document, actor, time, reason of the current version. */
  public String current() {
    return prefix + "{routes}:current";
  }

  /** Stream of every version, entry id {@code <epoch>-1}. */
  public String history() {
    return prefix + "{routes}:history";
  }

  /** Pub/sub channel announcing each new epoch. */
  public String changes() {
    return prefix + "{routes}:changes";
  }

  /** Hash: instance id → JSON status of each proxy instance following the table. */
  public String instances() {
    return prefix + "{routes}:instances";
  }
}
