package dev.strangler.proxy.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated route table compiled for matching, at one epoch. Immutable: the proxy swaps whole
 * tables atomically, so each request is routed by exactly one epoch.
 */
public final class RouteTable {

  /** The route unmatched requests take: everything to the monolith. */
  public static final RouteDefinition DEFAULT_ROUTE = new RouteDefinition("default", null, Match.ANY, new Target.Legacy(), null);

  private final long epoch;
  private final RouteTableDefinition definition;
  private final List<CompiledRoute> ordered;

  private RouteTable(long epoch, RouteTableDefinition definition, List<CompiledRoute> ordered) {
    this.epoch = epoch;
    this.definition = definition;
    this.ordered = ordered;
  }

  /** Validates and compiles; throws {@link InvalidRouteTableException} with every problem. */
  public static RouteTable compile(long epoch, RouteTableDefinition definition, RestrictedAddresses restricted) {
    return compile(epoch, definition, restricted, SessionSupport.UNCHECKED);
  }

  /** As {@link #compile(long, RouteTableDefinition, RestrictedAddresses)}, for a proxy with the given session support. */
  public static RouteTable compile(long epoch, RouteTableDefinition definition, RestrictedAddresses restricted,
                                   SessionSupport sessions) {
    RouteTableValidator.validate(Objects.requireNonNull(definition, "definition == null"), restricted, sessions);
    List<CompiledRoute> routes = new ArrayList<>();
    definition.routes().forEach(r -> routes.add(new CompiledRoute(r)));
    routes.sort(CompiledRoute.PRECEDENCE);
    return new RouteTable(epoch, definition, List.copyOf(routes));
  }

  public RouteMatch match(RequestFacts request) {
    for (CompiledRoute route : ordered) {
      Map<String, String> params = route.match(request);
      if (params != null) {
        return new RouteMatch(route.definition(), params, false);
      }
    }
    return new RouteMatch(DEFAULT_ROUTE, Map.of(), true);
  }

  public long epoch() {
    return epoch;
  }

  public RouteTableDefinition definition() {
    return definition;
  }

  /** Route ids in the order they are tried. */
  public List<String> precedence() {
    return ordered.stream().map(CompiledRoute::id).toList();
  }

  public BackendDefinition backend(String name) {
    return definition.backends().get(name);
  }

  /**
   * Who an identity token for {@code backend} is for: the service name of a backend found through discovery (what the
   * service knows itself as), else the backend's name in the table.
   */
  public String audience(String backend) {
    BackendDefinition definition = backend == null ? null : backend(backend);
    return definition != null && definition.service() != null ? definition.service() : backend;
  }
}
