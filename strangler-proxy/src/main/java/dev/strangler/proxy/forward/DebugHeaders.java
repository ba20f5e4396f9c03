package dev.strangler.proxy.forward;

/** Response headers that name what routed a request: on in the lab, off unless asked for elsewhere. */
public final class DebugHeaders {

  public static final String ROUTE = "X-Strangler-Route";
  public static final String BACKEND = "X-Strangler-Backend";
  public static final String EPOCH = "X-Strangler-Epoch";
  /** The proxy answered itself (a direct target, or a problem it produced). */
  public static final String SELF = "proxy";

  private DebugHeaders() {}
}
