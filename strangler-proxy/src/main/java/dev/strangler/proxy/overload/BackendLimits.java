package dev.strangler.proxy.overload;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests in flight per backend name over the whole process (every event loop), each capped by its limit. Counters
 * live by name, so a new route table (another limit, the same backend) keeps counting what is already out.
 */
final class BackendLimits {

  private final ConcurrentHashMap<String, Permits> byBackend = new ConcurrentHashMap<>();
  private final OverloadEvents events;

  BackendLimits(OverloadEvents events) {
    this.events = events;
  }

  boolean tryEnter(String backend, int limit) {
    Permits permits = byBackend.get(backend);
    if (permits == null) {
      permits = byBackend.computeIfAbsent(backend, b -> {
        Permits p = new Permits();
        events.backendTracked(b, p::held);
        return p;
      });
    }
    return permits.tryTake(limit);
  }

  void leave(String backend) {
    Permits permits = byBackend.get(backend);
    if (permits != null) {
      permits.give();
    }
  }

  int inFlight(String backend) {
    Permits permits = byBackend.get(backend);
    return permits == null ? 0 : permits.held();
  }

  java.util.Map<String, Integer> snapshot() {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    byBackend.forEach((name, p) -> out.put(name, p.held()));
    return out;
  }
}
