package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.RouteMatch;
import dev.strangler.proxy.route.Target;

/**
 * What the proxy decided for one request, made once from one table epoch.
 *
 * @param epoch the route table epoch the request was routed by
 * @param match the route and its path parameters
 * @param backend the backend that serves it; null when the proxy answers itself ({@link Target.Direct})
 */
public record RoutingDecision(long epoch, RouteMatch match, String backend) {

  public String routeId() {
    return match.route().id();
  }
}
