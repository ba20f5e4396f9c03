package dev.strangler.proxy.shadow;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Copies outstanding per route, shared by every event loop of one proxy, so a route's cap holds for the process. */
public final class InFlightBudget {

  private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  /** Takes one unit of {@code route}'s budget; false (and nothing taken) when {@code cap} are already out. */
  public boolean tryAcquire(String route, int cap) {
    AtomicInteger n = inFlight.computeIfAbsent(route, r -> new AtomicInteger());
    while (true) {
      int now = n.get();
      if (now >= cap) {
        return false;
      }
      if (n.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void release(String route) {
    AtomicInteger n = inFlight.get(route);
    if (n != null) {
      n.decrementAndGet();
    }
  }

  /** Copies of {@code route} out now. */
  public int inFlight(String route) {
    AtomicInteger n = inFlight.get(route);
    return n == null ? 0 : n.get();
  }
}
