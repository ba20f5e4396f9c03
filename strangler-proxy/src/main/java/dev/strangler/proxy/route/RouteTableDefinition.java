package dev.strangler.proxy.route;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole route table as stored: the named backends and the routes. A request no route matches
 * goes to the {@value Target#LEGACY_BACKEND} backend.
 *
 * @param apiVersion schema version, {@value #API_VERSION}
 * @param cacheInvalidation which events evict which cached answers; default none
 */
public record RouteTableDefinition(String apiVersion, SortedMap<String, BackendDefinition> backends, List<RouteDefinition> routes,
                                   List<CacheInvalidation> cacheInvalidation) {

  public static final String API_VERSION = "strangler/v1";

  public RouteTableDefinition {
    backends = java.util.Collections.unmodifiableSortedMap(backends == null ? new TreeMap<>() : new TreeMap<>(backends));
    routes = routes == null ? List.of() : List.copyOf(routes);
    cacheInvalidation = cacheInvalidation == null ? List.of() : List.copyOf(cacheInvalidation);
  }

  /** A table without cache invalidation rules. */
  public RouteTableDefinition(String apiVersion, SortedMap<String, BackendDefinition> backends, List<RouteDefinition> routes) {
    this(apiVersion, backends, routes, List.of());
  }

  public static RouteTableDefinition of(Map<String, BackendDefinition> backends, List<RouteDefinition> routes) {
    return new RouteTableDefinition(API_VERSION, new TreeMap<>(backends), routes);
  }

  /** A table without routes: everything goes to the monolith at {@code legacy}. */
  public static RouteTableDefinition legacyOnly(java.net.URI legacy) {
    return of(Map.of(Target.LEGACY_BACKEND, new BackendDefinition(List.of(legacy), null, true)), List.of());
  }

  public Optional<RouteDefinition> route(String id) {
    return routes.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** A copy with one route replaced (same id). */
  public RouteTableDefinition withRoute(RouteDefinition replacement) {
    return new RouteTableDefinition(apiVersion, backends,
        routes.stream().map(r -> r.id().equals(replacement.id()) ? replacement : r).toList(), cacheInvalidation);
  }
}
