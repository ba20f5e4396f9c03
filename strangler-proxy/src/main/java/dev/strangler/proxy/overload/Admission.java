package dev.strangler.proxy.overload;

import dev.strangler.proxy.forward.ProblemResponses;
import dev.strangler.proxy.route.BackendDefinition;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * One event loop's gate for new requests, in the order of cost: heap pressure (one volatile read), this loop's lag (a
 * field), the process's in-flight cap (one compare-and-set); then, once a backend is decided, that backend's limit. Nothing
 * waits: a refused request is answered 503 with {@code Retry-After} at once ({@link #answer}).
 */
public final class Admission {

  /** Lets everything in, counting nothing. */
  public static final Admission UNLIMITED = new Admission(null, LagShedding.OFF);

  private final Overload overload;
  private final LagShedding lag;
  private final String retryAfter;

  Admission(Overload overload, LagShedding lag) {
    this.overload = overload;
    this.lag = lag;
    this.retryAfter = overload == null ? "1" : String.valueOf(Math.max(1, overload.retryAfter().toSeconds()));
  }

  /** Takes a place among the process's requests in flight; null when taken, else why not (nothing taken). */
  public ShedReason enter() {
    if (overload == null) {
      return null;
    }
    if (overload.heap().pressed()) {
      return ShedReason.HEAP_PRESSURE;
    }
    if (lag.shedNext()) {
      return ShedReason.EVENT_LOOP_LAG;
    }
    return overload.inFlightPermits().tryTake(overload.options().maxInFlight()) ? null : ShedReason.IN_FLIGHT_CAP;
  }

  /** Gives back the place {@link #enter()} took. */
  public void leave() {
    if (overload != null) {
      overload.inFlightPermits().give();
    }
  }

  /** Takes a place among {@code name}'s requests in flight (its own {@code maxInFlight}, else the default); false: it is full. */
  public boolean enterBackend(String name, BackendDefinition backend) {
    if (overload == null) {
      return true;
    }
    Integer own = backend == null ? null : backend.maxInFlight();
    return overload.backends().tryEnter(name, own != null ? own : overload.options().backendMaxInFlight());
  }

  public void leaveBackend(String name) {
    if (overload != null) {
      overload.backends().leave(name);
    }
  }

  /**
   * Takes {@code bytes} of the process's budget for held answers ({@link OverloadOptions#heldAnswersHeapPercent} of the
   * heap); false (nothing taken) when it would pass it: the answer then streams instead of being held.
   */
  public boolean holdBytes(long bytes) {
    return overload == null || overload.heldAnswers().tryTake(bytes, overload.heldAnswersBudget());
  }

  /** Gives back bytes {@link #holdBytes(long)} took. */
  public void releaseBytes(long bytes) {
    if (overload != null && bytes > 0) {
      overload.heldAnswers().give(bytes);
    }
  }

  /** Where this loop's lag readings go. */
  public LagShedding lag() {
    return lag;
  }

  /** Stops following this loop. */
  public void close() {
    if (overload != null) {
      overload.forget(lag);
    }
  }

  /** The 503 problem for {@code reason}, with {@code Retry-After}, counted; {@code backend} null when none was decided. */
  public ProxyResponse answer(ProxyRequest request, ShedReason reason, String route, String backend) {
    if (overload != null) {
      overload.events().shed(reason, route, backend);
    }
    return ProblemResponses.fill(request.release().response(), 503, "Service Unavailable",
            reason.detail() + (backend == null ? "" : " ('" + backend + "')") + "; retry after " + retryAfter + " s")
        .putHeader("Retry-After", retryAfter);
  }
}
