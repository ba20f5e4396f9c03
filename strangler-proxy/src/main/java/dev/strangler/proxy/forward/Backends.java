package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.BackendDefinition;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses one URL of a backend per request, round-robin. Counters live by backend name, so a new
 * table epoch with the same backend keeps its rotation.
 */
final class Backends {

  private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();

  /** The URL to use now, or null for a backend without URLs (resolved through discovery). */
  URI pick(String name, BackendDefinition backend) {
    if (backend == null || backend.urls().isEmpty()) {
      return null;
    }
    int i = next.computeIfAbsent(name, n -> new AtomicInteger()).getAndIncrement();
    return backend.urls().get(Math.floorMod(i, backend.urls().size()));
  }
}
