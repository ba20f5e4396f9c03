package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.Cohort;
import dev.strangler.proxy.route.CohortSplit;
import dev.strangler.proxy.route.RequestFacts;
import dev.strangler.proxy.route.RouteMatch;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.Target;

/** Picks, for one request and one table, the route and the backend that serves it. */
public final class RouteDecider {

  private RouteDecider() {}

  public static RoutingDecision decide(RouteTable table, RequestFacts request) {
    RouteMatch match = table.match(request);
    Target target = match.route().target();
    String backend = switch (target) {
      case Target.Legacy l -> Target.LEGACY_BACKEND;
      case Target.Extracted e -> e.backend();
      case Target.Canary c -> CohortSplit.toExtracted(c, cohortValue(c.cohort(), request)) ? c.backend() : Target.LEGACY_BACKEND;
      case Target.Shadow s -> s.primary();
      case Target.Direct d -> null;
    };
    return new RoutingDecision(table.epoch(), match, backend);
  }

  static String cohortValue(Cohort cohort, RequestFacts request) {
    return switch (cohort.kind()) {
      case SESSION, COOKIE -> request.cookie(cohort.name());
      case HEADER -> request.header(cohort.name());
    };
  }
}
