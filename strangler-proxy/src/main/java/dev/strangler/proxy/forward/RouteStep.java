package dev.strangler.proxy.forward;

import dev.strangler.proxy.session.SessionLookup;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Per-route work the routing does around forwarding, which may answer a request itself instead of a backend: a rate
 * limit (a 429) or the response cache (a hit). See {@link Steps} for where each runs.
 */
public interface RouteStep {

  /** Does nothing. */
  RouteStep NONE = (context, request) -> Future.succeededFuture();

  /**
   * Completes with the response to answer with instead of forwarding (built on {@code context.request().release()
   * .response()}), or with null to go on; never fails.
   */
  Future<ProxyResponse> onRequest(ProxyContext context, Request request);

  /**
   * Called with every response of a request this step let through or answered, before the route's response header
   * changes; may add headers or wrap the body.
   */
  default void onResponse(ProxyContext context, Request request) {}

  /**
   * What a step knows of one request.
   *
   * @param decision the route and backend it goes to
   * @param path its normalised path, as matched
   * @param clientAddress the client's address as the proxy trusts it ({@link ForwardedHeaders})
   * @param session its session, read at most once whoever asks
   */
  record Request(RoutingDecision decision, String path, String clientAddress, SessionLookup session) {}

  /**
   * The steps of one proxy: {@code capture} runs before all others and sees the response after all others (it records
   * what the client got, a step's own answer included, and never answers); {@code limit} runs next, before the session
   * is checked; {@code idempotency} after a route requiring a session has let the request in (a refused request claims
   * no key) and first to see the backend's response (it keeps the backend's headers, before any step adds its own);
   * {@code cache} just before forwarding; {@code shadow} after the cache, so a cache hit is never shadowed and after
   * idempotency, so a replayed answer is never shadowed either.
   */
  record Steps(RouteStep limit, RouteStep cache, RouteStep capture, RouteStep shadow, RouteStep idempotency) {
    public static final Steps NONE = new Steps(RouteStep.NONE, RouteStep.NONE, RouteStep.NONE, RouteStep.NONE);

    /** Without capture or shadowing. */
    public Steps(RouteStep limit, RouteStep cache) {
      this(limit, cache, RouteStep.NONE, RouteStep.NONE);
    }

    /** Without idempotency keys. */
    public Steps(RouteStep limit, RouteStep cache, RouteStep capture, RouteStep shadow) {
      this(limit, cache, capture, shadow, RouteStep.NONE);
    }
  }
}
