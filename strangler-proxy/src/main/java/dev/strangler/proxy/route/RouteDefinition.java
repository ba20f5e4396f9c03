package dev.strangler.proxy.route;

import java.util.Objects;

/**
 * One route as stored and exchanged: data, not code. It round-trips to YAML/JSON
 * ({@link RouteTableCodec}) and to one line of text ({@link RouteLine}).
 *
 * @param id unique in its table
 * @param priority explicit precedence, higher first; null leaves precedence to specificity
 * @param match what requests it applies to
 * @param target who serves them
 * @param options per-route forwarding settings
 */
public record RouteDefinition(String id, Integer priority, Match match, Target target, RouteOptions options) {

  public RouteDefinition {
    Objects.requireNonNull(id, "id == null");
    match = match == null ? Match.ANY : match;
    Objects.requireNonNull(target, "target == null");
    options = options == null ? RouteOptions.DEFAULTS : options;
  }

  public RouteDefinition withTarget(Target newTarget) {
    return new RouteDefinition(id, priority, match, newTarget, options);
  }

  /** The explicit side-effect class, else the one the matched methods imply. */
  public SideEffect sideEffect() {
    return options.sideEffect() != null ? options.sideEffect() : SideEffect.fromMethods(match.methods());
  }
}
