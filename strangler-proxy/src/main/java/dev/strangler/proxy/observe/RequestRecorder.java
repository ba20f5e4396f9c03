package dev.strangler.proxy.observe;

import dev.strangler.proxy.forward.CompletedRequest;
import dev.strangler.proxy.forward.RequestObserver;
import dev.strangler.proxy.forward.RoutingDecision;
import dev.strangler.proxy.traffic.TrafficRecorder;
import java.util.Objects;

/**
 * Records each completed request in the metrics, the access log (unless it is off) and the route traffic. Metrics and
 * traffic count the backend's status, the access log both when they differ.
 */
public final class RequestRecorder implements RequestObserver {

  private final ProxyMetrics metrics;
  private final TrafficRecorder traffic;
  private final boolean accessLog;

  public RequestRecorder(ProxyMetrics metrics, TrafficRecorder traffic, boolean accessLog) {
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.traffic = Objects.requireNonNull(traffic, "traffic == null");
    this.accessLog = accessLog;
  }

  @Override
  public void completed(CompletedRequest request) {
    RoutingDecision decision = request.decision();
    // Per backend: what the backend did, even where a kept answer stood in for its failure.
    metrics.record(decision.routeId(), request.servedBy(), request.backendStatus(), request.nanos());
    traffic.completed(decision, request.servedBy(), request.backendStatus(), request.nanos());
    if (!accessLog) {
      return;
    }
    AccessLog.write(new AccessLog.Entry(request.requestId(), request.client(), request.method(), request.path(),
        decision.routeId(), request.servedBy(), decision.epoch(), request.status(), request.backendStatus(),
        request.nanos() / 1e6, request.shed()));
  }
}
