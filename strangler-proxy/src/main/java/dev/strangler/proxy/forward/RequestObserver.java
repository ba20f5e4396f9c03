package dev.strangler.proxy.forward;

/** Told about every routed request once its response is complete: metrics, the access log and route traffic listen here. */
@FunctionalInterface
public interface RequestObserver {

  RequestObserver NONE = request -> { };

  void completed(CompletedRequest request);
}
