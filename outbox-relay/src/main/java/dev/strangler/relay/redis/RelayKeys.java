package dev.strangler.relay.redis;

import java.util.Locale;
import java.util.Objects;

/**
 * The relay's Redis keys: the event streams of the shared wire format ({@code <prefix>events:<aggregate
 * type lower-cased>}) and, per relay name, its lease, fencing counter and position.
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

  /** Matches the event streams (and, with extra colons, their :late and :dead: streams, which {@link #isEventStream} rejects). */
  public String streamPattern() {
    return prefix + "events:*";
  }

  public boolean isEventStream(String key) {
    return key.startsWith(prefix + "events:") && key.indexOf(':', (prefix + "events:").length()) < 0;
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
}
