package dev.strangler.cli.extract;

import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.Match;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteLine;
import dev.strangler.proxy.route.RouteOptions;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The route a new extracted service starts with: id the subdomain, its path prefix, served by {@code legacy} until
 * flipped, next to a backend named after the service and resolved through discovery.
 */
public record ExtractRoute(RouteDefinition route, String backendName, BackendDefinition backend) {

    public ExtractRoute {
        Objects.requireNonNull(route, "route == null");
        Objects.requireNonNull(backendName, "backendName == null");
        Objects.requireNonNull(backend, "backend == null");
    }

    public static ExtractRoute of(ExtractOptions options) {
        Subdomain subdomain = options.subdomain();
        return new ExtractRoute(new RouteDefinition(subdomain.name(), null, Match.path(options.pathPattern()), new Target.Legacy(),
                RouteOptions.DEFAULTS), subdomain.service(), BackendDefinition.service(subdomain.service()));
    }

    /** Whether {@code table} has the backend already (then it is kept as it is). */
    public boolean backendIn(RouteTableDefinition table) {
        return table.backends().containsKey(backendName);
    }

    /**
     * {@code table} with the route appended and the backend added unless it has one of that name; throws
     * {@link AlreadyExistsException} when a route has the id already.
     */
    public RouteTableDefinition addTo(RouteTableDefinition table) {
        if (table.route(route.id()).isPresent()) {
            throw new AlreadyExistsException("the route table has a route '" + route.id() + "' already: not changed");
        }
        TreeMap<String, BackendDefinition> backends = new TreeMap<>(table.backends());
        backends.putIfAbsent(backendName, backend);
        List<RouteDefinition> routes = new ArrayList<>(table.routes());
        routes.add(route);
        return new RouteTableDefinition(table.apiVersion(), backends, routes, table.cacheInvalidation());
    }

    /** The route in its one-line form, e.g. {@code billing: Path(/api/billing/**) -> legacy}. */
    public String line() {
        return RouteLine.render(route);
    }
}
