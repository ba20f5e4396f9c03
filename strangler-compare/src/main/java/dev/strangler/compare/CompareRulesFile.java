package dev.strangler.compare;

import java.util.Map;
import java.util.Objects;

/**
 * Every route's compare rules: {@code defaults} for routes not named, and per-route rules, each field of which
 * replaces the default's when given. Read with {@link CompareRulesReader#read(String)}.
 */
public record CompareRulesFile(CompareRules defaults, Map<String, CompareRules> routes) {

    /** The version this reader understands, in the file's {@code apiVersion}. */
    public static final String API_VERSION = "strangler/v1";

    public CompareRulesFile {
        Objects.requireNonNull(defaults, "defaults == null");
        routes = Map.copyOf(routes);
    }

    /** The rules for a route: its own, or the defaults. */
    public CompareRules forRoute(String routeId) {
        return routes.getOrDefault(routeId, defaults);
    }
}
