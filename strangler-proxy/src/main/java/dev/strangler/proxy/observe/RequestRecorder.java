package dev.strangler.proxy.observe;

import dev.strangler.proxy.forward.RequestObserver;
import dev.strangler.proxy.forward.RoutingDecision;
import dev.strangler.proxy.traffic.TrafficRecorder;
import java.util.Objects;

/** Records each completed request in the metrics, the access log and the route traffic. */
public final class RequestRecorder implements RequestObserver {

  private final ProxyMetrics metrics;
  private final TrafficRecorder traffic;

  public RequestRecorder(ProxyMetrics metrics) {
    this(metrics, TrafficRecorder.NONE);
  }

  public RequestRecorder(ProxyMetrics metrics, TrafficRecorder traffic) {
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.traffic = Objects.requireNonNull(traffic, "traffic == null");
  }

  @Override
  public void completed(RoutingDecision decision, String servedBy, String requestId, String method, String path, int status,
                        long nanos) {
    completed(decision, servedBy, requestId, method, path, status, nanos, null);
  }

  @Override
  public void completed(RoutingDecision decision, String servedBy, String requestId, String method, String path, int status,
                        long nanos, String shed) {
    metrics.record(decision.routeId(), servedBy, status, nanos);
    traffic.completed(decision, servedBy, status, nanos);
    AccessLog.write(new AccessLog.Entry(requestId, method, path, decision.routeId(), servedBy, decision.epoch(), status,
        nanos / 1e6, shed));
  }
}
