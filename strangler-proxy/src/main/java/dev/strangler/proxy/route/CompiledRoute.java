package dev.strangler.proxy.route;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A route ready to match: its pattern compiled, its conditions prepared; built off the hot path. */
public final class CompiledRoute {

  /** Precedence: explicit priority first (higher wins), then the most specific match, then the id. */
  static final Comparator<CompiledRoute> PRECEDENCE = Comparator
      .comparingInt((CompiledRoute r) -> -r.priority)
      .thenComparing((a, b) -> comparePaths(a.pattern, b.pattern))
      .thenComparingInt(r -> -r.definition.match().conditionCount())
      .thenComparing(r -> r.definition.id());

  private final RouteDefinition definition;
  private final PathPattern pattern;
  private final Set<String> methods;
  private final int priority;

  CompiledRoute(RouteDefinition definition) {
    this.definition = definition;
    this.pattern = definition.match().path() == null ? null : PathPattern.compile(definition.match().path());
    this.methods = Set.copyOf(definition.match().methods());
    this.priority = definition.priority() == null ? 0 : definition.priority();
  }

  public RouteDefinition definition() {
    return definition;
  }

  public String id() {
    return definition.id();
  }

  /** The captured path parameters when the request matches, else null. */
  Map<String, String> match(RequestFacts request) {
    if (!methods.isEmpty() && !methods.contains(request.method())) {
      return null;
    }
    Match m = definition.match();
    if (m.host() != null && !m.host().equalsIgnoreCase(request.host())) {
      return null;
    }
    if (!all(m.headers(), request::header) || !all(m.cookies(), request::cookie) || !all(m.query(), request::queryParam)) {
      return null;
    }
    return pattern == null ? Map.of() : pattern.match(request.path());
  }

  private static boolean all(Map<String, String> wanted, Function<String, String> actual) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String value = actual.apply(e.getKey());
      if (value == null || !(Match.PRESENT.equals(e.getValue()) || e.getValue().equals(value))) {
        return false;
      }
    }
    return true;
  }

  private static int comparePaths(PathPattern a, PathPattern b) {
    if (a == null || b == null) {
      return a == b ? 0 : (a == null ? 1 : -1);
    }
    return PathPattern.MOST_SPECIFIC_FIRST.compare(a, b);
  }

  @Override
  public String toString() {
    return RouteLine.render(definition);
  }
}
