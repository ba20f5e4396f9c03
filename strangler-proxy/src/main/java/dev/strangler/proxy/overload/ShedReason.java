package dev.strangler.proxy.overload;

/**
 * Why the proxy answered a request 503 itself to protect the process or a backend; {@link #tag()} names it in metrics and
 * logs.
 */
public enum ShedReason {
  /** The process had {@code maxInFlight} requests in flight already. */
  IN_FLIGHT_CAP("in-flight-cap", "the proxy has too many requests in flight"),
  /** The routed backend had its {@code maxInFlight} requests in flight already (and no fallback could take it). */
  BACKEND_LIMIT("backend-limit", "the backend has too many requests in flight"),
  /** The routed backend's connection pool on this event loop had its wait queue full. */
  BACKEND_QUEUE("backend-queue", "too many requests are waiting for a connection to the backend"),
  /** The event loop that took the request was running late. */
  EVENT_LOOP_LAG("event-loop-lag", "the proxy is running behind"),
  /** The heap stayed nearly full after garbage collection. */
  HEAP_PRESSURE("heap-pressure", "the proxy is short of memory");

  private final String tag;
  private final String detail;

  ShedReason(String tag, String detail) {
    this.tag = tag;
    this.detail = detail;
  }

  public String tag() {
    return tag;
  }

  /** What the problem answer says, in words a client can act on. */
  public String detail() {
    return detail;
  }
}
