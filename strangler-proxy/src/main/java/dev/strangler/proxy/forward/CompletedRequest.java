package dev.strangler.proxy.forward;

/**
 * A routed request once its response is complete, as metrics, the access log and route traffic see it.
 *
 * @param decision what the routing decided (its backend is the side it chose)
 * @param servedBy the backend that answered: {@value DebugHeaders#SELF} when the proxy answered itself (a direct target,
 *     a step's answer, a shed request), the monolith after a fallback
 * @param client the client's address as the proxy trusts it ({@link ForwardedHeaders#client}), null when unknown
 * @param status what the client got
 * @param backendStatus what the backend answered: {@code status}, unless a step stood in for a failed answer
 *     ({@link StandIn})
 * @param nanos from routing to the response's end
 * @param shed the tag of the reason the proxy shed the request, null when it did not
 */
public record CompletedRequest(RoutingDecision decision, String servedBy, String requestId, String method, String path,
                               String client, int status, int backendStatus, long nanos, String shed) {}
