package dev.strangler.relay.redis;

import java.util.Locale;
import java.util.Objects;

/**
 * The relay's Redis keys: the event streams of the shared wire format ({@code <prefix>events:<aggregate
 * type lower-cased>}) and, per relay name, its lease, fencing counter, position and the set of streams it appended to.
 * All hang off one prefix: on a Redis Cluster a prefix with a hash tag ({@code {strangler}:}) puts them in one slot,
 * as the relay's scripts need.
 */
public record RelayKeys(String prefix, String relayName) {

  public RelayKeys {
    Objects.requireNonNull(prefix, "prefix == null");
    Objects.requireNonNull(relayName, "relayName == null");
  }

  /** The stream an aggregate type's events go to, e.g. {@code strangler:events:product}. */
  public String stream(String aggregateType) {
    return prefix + "events:" + aggregateType.toLowerCase(Locale.ROOT);
  }

  public String lease() {
    return prefix + "relay:" + relayName + ":lease";
  }

  public String fence() {
    return prefix + "relay:" + relayName + ":fence";
  }

  /** The highest sequence appended (or found already appended) by any holder of the lease. */
  public String position() {
    return prefix + "relay:" + relayName + ":position";
  }

  /** The set of the event streams this relay appended to, written by the append script: what retention trims. */
  public String streams() {
    return prefix + "relay:" + relayName + ":streams";
  }
}
