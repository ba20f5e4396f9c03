package dev.strangler.proxy.forward;

/** Told about every routed request once its response is complete: metrics, the access log and route traffic listen here. */
@FunctionalInterface
public interface RequestObserver {

  RequestObserver NONE = (decision, servedBy, requestId, method, path, status, nanos) -> { };

  /**
   * {@code decision}: what the routing decided (its backend is the side it chose); {@code servedBy}: the backend that
   * answered, {@value DebugHeaders#SELF} when the proxy answered itself (a direct target, a step's answer), the monolith
   * after a fallback.
   */
  void completed(RoutingDecision decision, String servedBy, String requestId, String method, String path, int status, long nanos);

  /** The same, for a request the proxy shed to protect itself or a backend: {@code shed} is the reason's tag (null: not shed). */
  default void completed(RoutingDecision decision, String servedBy, String requestId, String method, String path, int status,
                         long nanos, String shed) {
    completed(decision, servedBy, requestId, method, path, status, nanos);
  }
}
