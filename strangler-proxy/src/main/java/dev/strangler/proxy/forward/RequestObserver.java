package dev.strangler.proxy.forward;

/** Told about every routed request once its response is complete: metrics and the access log listen here. */
@FunctionalInterface
public interface RequestObserver {

  RequestObserver NONE = (decision, requestId, method, path, status, nanos) -> { };

  void completed(RoutingDecision decision, String requestId, String method, String path, int status, long nanos);
}
