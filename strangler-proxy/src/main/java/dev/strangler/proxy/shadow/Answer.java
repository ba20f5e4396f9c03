package dev.strangler.proxy.shadow;

import dev.strangler.compare.PointerPattern;
import dev.strangler.compare.Response;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one side answered a shadowed request: the status, headers and whole body (within the route's cap), or why there
 * is no usable answer ({@code error}; status 0 when there was none at all).
 */
record Answer(int status, Map<String, List<String>> headers, byte[] body, String error, long latencyNanos) {

  /** Bytes of a body kept as a sample in the outcome. */
  static final int SAMPLE_BYTES = 4096;

  static Answer of(int status, MultiMap headers, byte[] body, long latencyNanos) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(e -> copy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return new Answer(status, copy, body, null, latencyNanos);
  }

  static Answer failed(int status, String error, long latencyNanos) {
    return new Answer(status, Map.of(), new byte[0], error, latencyNanos);
  }

  /** Comparable: a whole answer, not a failure or a cut body. */
  boolean usable() {
    return error == null;
  }

  Response response() {
    return new Response(status, headers, body);
  }

  /** The outcome's view of this side: the first bytes of the body when it is sent unencoded. */
  dev.strangler.proxy.shadow.ShadowOutcome.Side side(String backend) {
    return side(backend, List.of(), Long.MAX_VALUE);
  }

  /**
   * The outcome's view of this side, with {@code redact}'s fields redacted in the body sample (a compressed body then
   * decoded up to {@code maxBytes}, see {@link ResultRedaction#sample}).
   */
  dev.strangler.proxy.shadow.ShadowOutcome.Side side(String backend, List<PointerPattern> redact, long maxBytes) {
    List<String> encoding = headers.getOrDefault("Content-Encoding", List.of());
    boolean plain = encoding.isEmpty() || encoding.stream().allMatch(e -> e.trim().equalsIgnoreCase("identity"));
    byte[] sample = ResultRedaction.sample(body, headers, plain, redact, maxBytes, SAMPLE_BYTES);
    return new ShadowOutcome.Side(backend, status, error, latencyNanos, sample);
  }
}
