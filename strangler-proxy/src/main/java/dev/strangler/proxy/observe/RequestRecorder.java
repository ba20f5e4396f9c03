package dev.strangler.proxy.observe;

import dev.strangler.proxy.forward.DebugHeaders;
import dev.strangler.proxy.forward.RequestObserver;
import dev.strangler.proxy.forward.RoutingDecision;

/** Records each completed request in the metrics and the access log. */
public final class RequestRecorder implements RequestObserver {

  private final ProxyMetrics metrics;

  public RequestRecorder(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void completed(RoutingDecision decision, String requestId, String method, String path, int status, long nanos) {
    String backend = decision.backend() == null ? DebugHeaders.SELF : decision.backend();
    metrics.record(decision.routeId(), backend, status, nanos);
    AccessLog.write(new AccessLog.Entry(requestId, method, path, decision.routeId(), backend, decision.epoch(), status, nanos / 1e6));
  }
}
