package dev.strangler.proxy.traffic;

import dev.strangler.proxy.forward.DebugHeaders;
import dev.strangler.proxy.forward.RoutingDecision;
import dev.strangler.proxy.route.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route traffic as it happens: per route and side, the requests served, errors and latency, held in memory until the next
 * flush ({@link TrafficBatch}). Called where each request ends; never blocks, never does I/O, thread-safe.
 */
public final class TrafficRecorder {

  /** Counts nothing: a proxy without a Redis for results. */
  public static final TrafficRecorder NONE = new TrafficRecorder(false);

  private final ConcurrentHashMap<String, TrafficTally> tallies = new ConcurrentHashMap<>();
  private final boolean counting;

  public TrafficRecorder() {
    this(true);
  }

  private TrafficRecorder(boolean counting) {
    this.counting = counting;
  }

  /**
   * One request done. Its side is the routing decision's; a request the proxy answered itself ({@code servedBy} is
   * {@value DebugHeaders#SELF}) is not counted. An error is a 5xx (the proxy's 502/504 for a failure with no answer
   * included) or, on the extracted side, a fallback to the monolith.
   */
  public void completed(RoutingDecision decision, String servedBy, int status, long nanos) {
    if (!counting || decision.backend() == null || DebugHeaders.SELF.equals(servedBy)) {
      return;
    }
    Side side = Side.of(decision.backend());
    boolean fellBack = side == Side.EXTRACTED && Target.LEGACY_BACKEND.equals(servedBy);
    // Routes are few (the table's); a tally stays once created so the hot path finds it without allocating.
    tallies.computeIfAbsent(decision.routeId(), r -> new TrafficTally()).served(side, status >= 500 || fellBack, nanos);
  }

  /** Takes what was recorded since the last call, routes with nothing new left out. */
  Map<String, TrafficTally.Delta> drain() {
    Map<String, TrafficTally.Delta> deltas = new LinkedHashMap<>();
    tallies.forEach((route, tally) -> {
      TrafficTally.Delta delta = tally.drain();
      if (!delta.isEmpty()) {
        deltas.put(route, delta);
      }
    });
    return deltas;
  }

  /** A flush sent nothing: what it carried is recorded again for the next one. */
  void notSent(Map<String, TrafficTally.Delta> deltas) {
    deltas.forEach((route, delta) -> tallies.computeIfAbsent(route, r -> new TrafficTally()).restore(delta));
  }
}
