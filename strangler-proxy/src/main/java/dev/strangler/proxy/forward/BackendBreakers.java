package dev.strangler.proxy.forward;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One circuit breaker (vertx-circuit-breaker) per extracted backend, per event loop. After
 * {@value #MAX_FAILURES} failed requests in a row (no connection, a timeout, a 5xx, or a body that broke off after a
 * good status) it opens: for
 * {@link #RESET_TIMEOUT} requests are not sent to that backend at all — fallback routes go to the
 * monolith, others get a 503 — then one trial request decides whether it closes again.
 */
final class BackendBreakers {

  static final int MAX_FAILURES = 5;
  static final Duration RESET_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ForwardingEvents events;
  private final Map<String, CircuitBreaker> breakers = new HashMap<>();
  /** Answers in a row whose body broke off after a good status, per backend. */
  private final Map<String, Integer> brokenBodies = new HashMap<>();

  BackendBreakers(Vertx vertx, ForwardingEvents events) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.events = Objects.requireNonNull(events, "events == null");
  }

  CircuitBreaker of(String backend) {
    return breakers.computeIfAbsent(backend, name -> CircuitBreaker.create("backend-" + name, vertx,
        new CircuitBreakerOptions()
            .setMaxFailures(MAX_FAILURES)
            .setTimeout(-1) // the route's own timeouts apply
            .setResetTimeout(RESET_TIMEOUT.toMillis())
            .setFallbackOnFailure(false)
            .setNotificationAddress(null))
        .openHandler(v -> events.breaker(name, true))
        .closeHandler(v -> events.breaker(name, false)));
  }

  /**
   * How an answer's body ended. The breaker counted its good status as a success (and a success clears its count), so
   * bodies that break off after a good status are counted here: {@value #MAX_FAILURES} in a row open the breaker.
   */
  void bodyOutcome(String backend, boolean whole) {
    if (whole) {
      brokenBodies.remove(backend);
      return;
    }
    int broken = brokenBodies.merge(backend, 1, Integer::sum);
    if (broken >= MAX_FAILURES) {
      brokenBodies.remove(backend);
      of(backend).open();
    }
  }

  /** The breaker state of a backend, CLOSED for one never used. */
  CircuitBreakerState state(String backend) {
    CircuitBreaker breaker = breakers.get(backend);
    return breaker == null ? CircuitBreakerState.CLOSED : breaker.state();
  }
}
