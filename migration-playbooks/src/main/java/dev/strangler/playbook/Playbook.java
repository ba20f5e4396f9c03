package dev.strangler.playbook;

import java.util.List;

/**
 * How one subdomain leaves the monolith: the routes it moves and the ordered steps, each a change
 * of those routes' target behind a gate.
 *
 * @param apiVersion schema version, {@value #API_VERSION}
 * @param subdomain the subdomain moved, e.g. {@code catalog}
 * @param service the extracted service that takes it over
 * @param routes ids of the routes in the route table this playbook moves
 * @param steps in order; each step's target applies to every route above
 */
public record Playbook(String apiVersion, String subdomain, String service, String description,
                       List<String> routes, List<Step> steps) {

  public static final String API_VERSION = "strangler/v1";

  public Playbook {
    routes = routes == null ? List.of() : List.copyOf(routes);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
