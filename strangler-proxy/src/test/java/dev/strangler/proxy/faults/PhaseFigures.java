package dev.strangler.proxy.faults;

import java.util.List;
import java.util.Map;

/**
 * What the clients saw during one phase of a fault test.
 *
 * @param requests requests started (and finished) in the phase
 * @param failures what went wrong with each request that was not a whole 2xx answer (status or error)
 * @param violations answers that were not the client's own, not whole, or came over a connection that had failed
 * @param servedBy 2xx answers per side that wrote them
 * @param p50Millis median latency
 * @param p99Millis 99th percentile latency
 * @param maxMillis the slowest request
 * @param fallbacks requests the proxy sent on to the monolith after the extracted side failed (its metrics)
 */
record PhaseFigures(String phase, int requests, List<String> failures, List<String> violations, Map<String, Integer> servedBy,
                    long p50Millis, long p99Millis, long maxMillis, long fallbacks) {

  PhaseFigures withFallbacks(long count) {
    return new PhaseFigures(phase, requests, failures, violations, servedBy, p50Millis, p99Millis, maxMillis, count);
  }

  /** The distinct kinds of failure, with how many of each. */
  Map<String, Long> failureKinds() {
    return failures.stream().collect(java.util.stream.Collectors.groupingBy(f -> f, java.util.TreeMap::new,
        java.util.stream.Collectors.counting()));
  }

  @Override
  public String toString() {
    return "%s: %d requests, %d failures %s, %d violations %s, served by %s, %d fallbacks, p50 %d ms, p99 %d ms, max %d ms".formatted(
        phase, requests, failures.size(), failureKinds(), violations.size(), violations.stream().limit(3).toList(), servedBy,
        fallbacks, p50Millis, p99Millis, maxMillis);
  }
}
