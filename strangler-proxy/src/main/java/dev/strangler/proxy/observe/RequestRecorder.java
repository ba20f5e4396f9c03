package dev.strangler.proxy.observe;

import dev.strangler.proxy.forward.CompletedRequest;
import dev.strangler.proxy.forward.RequestObserver;
import dev.strangler.proxy.forward.RoutingDecision;
import dev.strangler.proxy.traffic.TrafficRecorder;
import java.util.Objects;

/** Records each completed request in the metrics, the access log (unless it is off) and the route traffic. */
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
    metrics.record(decision.routeId(), request.servedBy(), request.status(), request.nanos());
    traffic.completed(decision, request.servedBy(), request.status(), request.nanos());
    if (!accessLog) {
      return;
    }
    AccessLog.write(new AccessLog.Entry(request.requestId(), request.client(), request.method(), request.path(),
        decision.routeId(), request.servedBy(), decision.epoch(), request.status(), request.nanos() / 1e6, request.shed()));
  }
}
