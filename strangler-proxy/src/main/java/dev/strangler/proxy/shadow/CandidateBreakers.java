package dev.strangler.proxy.shadow;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One circuit breaker (vertx-circuit-breaker) per backend copies go to, per event loop, counting only connections:
 * after {@link ShadowOptions#candidateMaxFailures()} failed connections it opens, and for
 * {@link ShadowOptions#candidateCoolDown()} no copy goes to that backend (a dead candidate no longer costs a connect
 * attempt per request); then one trial copy decides. What the backend answers (a 5xx, slowly) is the comparison's
 * business, not the breaker's.
 */
final class CandidateBreakers {

  private final Vertx vertx;
  private final ShadowOptions options;
  private final Map<String, CircuitBreaker> breakers = new HashMap<>();

  CandidateBreakers(Vertx vertx, ShadowOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Whether copies to {@code backend} rest now (its breaker is open). */
  boolean resting(String backend) {
    CircuitBreaker breaker = breakers.get(backend);
    return breaker != null && breaker.state() == CircuitBreakerState.OPEN;
  }

  /** Opens a connection through {@code backend}'s breaker: fails at once while it rests or holds its trial. */
  <T> Future<T> connect(String backend, Supplier<Future<T>> connect) {
    return breakers.computeIfAbsent(backend, name -> CircuitBreaker.create("shadow-" + name, vertx,
            new CircuitBreakerOptions()
                .setMaxFailures(options.candidateMaxFailures())
                .setTimeout(-1) // the connect timeout and the route's shadow timeout apply
                .setResetTimeout(options.candidateCoolDown().toMillis())
                .setFallbackOnFailure(false)
                .setNotificationAddress(null)))
        .execute(promise -> connect.get().onComplete(promise));
  }
}
