package dev.strangler.proxy.route;

import java.util.Collection;

/** What a route's requests do to state; decides what may be shadowed to a live candidate or retried. */
public enum SideEffect {
  /** Reads only (GET, HEAD, OPTIONS, TRACE). */
  SAFE,
  /** Repeating it has the effect of doing it once (PUT, DELETE). */
  IDEMPOTENT,
  /** Anything else (POST, PATCH). */
  UNSAFE;

  /** The class implied by the methods a route matches: the least safe of them; any method at all is unsafe. */
  public static SideEffect fromMethods(Collection<String> methods) {
    if (methods == null || methods.isEmpty()) {
      return UNSAFE;
    }
    SideEffect worst = SAFE;
    for (String method : methods) {
      SideEffect one = switch (method) {
        case "GET", "HEAD", "OPTIONS", "TRACE" -> SAFE;
        case "PUT", "DELETE" -> IDEMPOTENT;
        default -> UNSAFE;
      };
      if (one.ordinal() > worst.ordinal()) {
        worst = one;
      }
    }
    return worst;
  }
}
