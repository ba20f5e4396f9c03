package dev.strangler.proxy.forward;

import io.vertx.httpproxy.ProxyContext;

/**
 * A step answered in place of a backend that failed (a kept answer standing in for its 5xx): the client got the step's
 * answer, while the backend's health figures (metrics per backend, route traffic, so a canary gate) count what the
 * backend did.
 */
public final class StandIn {

  private static final ContextKey<Integer> FAILED_STATUS = ContextKey.of("standIn", Integer.class);

  private StandIn() {}

  /** The client gets another answer than the backend's {@code backendStatus}. */
  public static void record(ProxyContext context, int backendStatus) {
    FAILED_STATUS.set(context, backendStatus);
  }

  /** The backend's status when a step stood in for it, else {@code clientStatus}. */
  static int backendStatus(ProxyContext context, int clientStatus) {
    Integer failed = FAILED_STATUS.get(context);
    return failed == null ? clientStatus : failed;
  }
}
