package dev.strangler.proxy.shadow;

import dev.strangler.proxy.overload.Permits;
import java.util.concurrent.ConcurrentHashMap;

/** Copies outstanding per route, shared by every event loop of one proxy, so a route's cap holds for the process. */
public final class InFlightBudget {

  private final ConcurrentHashMap<String, Permits> inFlight = new ConcurrentHashMap<>();

  /** Takes one unit of {@code route}'s budget; false (and nothing taken) when {@code cap} are already out. */
  public boolean tryAcquire(String route, int cap) {
    return inFlight.computeIfAbsent(route, r -> new Permits()).tryTake(cap);
  }

  public void release(String route) {
    Permits n = inFlight.get(route);
    if (n != null) {
      n.give();
    }
  }

  /** Copies of {@code route} out now. */
  public int inFlight(String route) {
    Permits n = inFlight.get(route);
    return n == null ? 0 : n.held();
  }
}
