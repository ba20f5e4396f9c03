package dev.strangler.proxy.traffic;

import dev.strangler.proxy.route.Target;
import java.util.Locale;

/** Which side of the migration a routing decision sent a request to: the monolith, or an extracted backend. */
public enum Side {
  LEGACY, EXTRACTED;

  /** As it reads in Redis fields and JSON: {@code legacy}, {@code extracted}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The side of a routed {@code backend}: the monolith's is legacy, any other is extracted. */
  public static Side of(String backend) {
    return Target.LEGACY_BACKEND.equals(backend) ? LEGACY : EXTRACTED;
  }
}
