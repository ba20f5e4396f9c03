package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.BackendDefinition;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses one URL of a backend per request, round-robin over its URLs or over its live instances in
 * discovery. Counters live by backend name, so a new table epoch with the same backend keeps its rotation.
 */
final class Backends {

  private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
  private final DiscoveredBackends discovered;

  Backends(DiscoveredBackends discovered) {
    this.discovered = discovered;
  }

  /** The URL to use now: one of the backend's URLs, or of its live instances in discovery; null when it has none. */
  URI pick(String name, BackendDefinition backend) {
    if (backend == null) {
      return null;
    }
    List<URI> urls = backend.service() != null ? discovered.instances(backend.service()) : backend.urls();
    if (urls.isEmpty()) {
      return null;
    }
    int i = next.computeIfAbsent(name, n -> new AtomicInteger()).getAndIncrement();
    return urls.get(Math.floorMod(i, urls.size()));
  }
}
