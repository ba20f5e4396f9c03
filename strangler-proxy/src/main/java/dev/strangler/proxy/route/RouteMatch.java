package dev.strangler.proxy.route;

import java.util.Map;

/**
 * The outcome of matching one request: the route (the table's default route when none matched)
 * and the path parameters it captured.
 */
public record RouteMatch(RouteDefinition route, Map<String, String> pathParams, boolean isDefault) {}
