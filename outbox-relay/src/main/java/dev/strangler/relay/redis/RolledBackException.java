package dev.strangler.relay.redis;

import java.util.OptionalLong;

/**
 * Redis holds a relay position below the one this leader reached: it lost writes the relay made (a failover promoted a
 * replica that had not received them, or a restart without persistence). Nothing of the refused batch was appended.
 */
public final class RolledBackException extends RuntimeException {

  private final OptionalLong held;

  public RolledBackException(OptionalLong held, long expected) {
    super("Redis holds relay position " + (held.isPresent() ? held.getAsLong() : "none") + ", below the " + expected
        + " this relay reached");
    this.held = held;
  }

  /** The position Redis holds now; empty when the key is gone altogether. */
  public OptionalLong held() {
    return held;
  }
}
