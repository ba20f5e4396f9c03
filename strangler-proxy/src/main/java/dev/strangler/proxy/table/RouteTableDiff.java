package dev.strangler.proxy.table;

import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.CacheInvalidation;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteLine;
import dev.strangler.proxy.route.RouteTableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two route tables, by route id and backend name, one line each:
 * {@code + route …}, {@code - route …}, {@code ~ route …: before => after}, and the same for backends; cache
 * invalidation rules come and go as {@code + cacheInvalidation …} and {@code - cacheInvalidation …}.
 */
public final class RouteTableDiff {

  private RouteTableDiff() {}

  public static List<String> between(RouteTableDefinition before, RouteTableDefinition after) {
    List<String> out = new ArrayList<>();
    Map<String, BackendDefinition> oldBackends = before == null ? Map.of() : before.backends();
    for (String name : new TreeSet<>(union(oldBackends.keySet(), after.backends().keySet()))) {
      BackendDefinition a = oldBackends.get(name);
      BackendDefinition b = after.backends().get(name);
      if (a == null) {
        out.add("+ backend " + name + ": " + describe(b));
      } else if (b == null) {
        out.add("- backend " + name + ": " + describe(a));
      } else if (!a.equals(b)) {
        out.add("~ backend " + name + ": " + describe(a) + " => " + describe(b));
      }
    }
    Map<String, RouteDefinition> oldRoutes = byId(before);
    Map<String, RouteDefinition> newRoutes = byId(after);
    for (String id : union(oldRoutes.keySet(), newRoutes.keySet())) {
      RouteDefinition a = oldRoutes.get(id);
      RouteDefinition b = newRoutes.get(id);
      if (a == null) {
        out.add("+ route " + RouteLine.render(b));
      } else if (b == null) {
        out.add("- route " + RouteLine.render(a));
      } else if (!a.equals(b)) {
        out.add("~ route " + RouteLine.render(a) + " => " + RouteLine.render(b).substring(id.length() + 2));
      }
    }
    List<CacheInvalidation> oldRules = before == null ? List.of() : before.cacheInvalidation();
    oldRules.stream().filter(r -> !after.cacheInvalidation().contains(r)).forEach(r -> out.add("- cacheInvalidation " + describe(r)));
    after.cacheInvalidation().stream().filter(r -> !oldRules.contains(r)).forEach(r -> out.add("+ cacheInvalidation " + describe(r)));
    return out;
  }

  private static String describe(CacheInvalidation rule) {
    return "stream " + rule.stream() + (rule.type() == null ? "" : " type " + rule.type()) + " -> tag " + rule.tag();
  }

  private static String describe(BackendDefinition b) {
    return b.service() != null ? "service " + b.service() : String.join(", ", b.urls().stream().map(Objects::toString).toList());
  }

  private static Map<String, RouteDefinition> byId(RouteTableDefinition table) {
    Map<String, RouteDefinition> out = new LinkedHashMap<>();
    if (table != null) {
      table.routes().forEach(r -> out.put(r.id(), r));
    }
    return out;
  }

  private static List<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
    List<String> out = new ArrayList<>(a);
    b.stream().filter(x -> !a.contains(x)).forEach(out::add);
    return out;
  }
}
