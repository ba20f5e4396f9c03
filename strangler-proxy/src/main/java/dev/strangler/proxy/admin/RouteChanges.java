package dev.strangler.proxy.admin;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.Target;
import io.vertx.core.json.JsonObject;

/**
 * Builds the table a flip asks for: the same table with one route's target replaced, read through
 * the same reader as whole tables so a bad target gets the same precise messages.
 */
final class RouteChanges {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RouteChanges() {}

  /**
   * {@code request} holds either {@code target} (as written in a route table: {@code "legacy"},
   * {@code {"canary": {...}}}, …) or {@code percent} alone, which changes the share of a canary or
   * shadow route and keeps the rest. With a shadow target, {@code shadow} may give the route's shadow block too (e.g.
   * {@code {"sandbox": true, "sandboxSession": ["cart"]}} for a write); without one the route keeps its own. Any other
   * target drops the route's shadow block, which only a shadow target may have: a rollback from shadow always applies.
   */
  static RouteTableDefinition flip(RouteTableDefinition table, String routeId, JsonObject request) {
    RouteDefinition route = table.route(routeId)
        .orElseThrow(() -> new AdminProblem(404, "no route '" + routeId + "' in the route table"));
    Object target = request.getValue("target");
    Integer percent = request.getValue("percent") instanceof Number n ? n.intValue() : null;
    if (target == null && percent == null) {
      throw new AdminProblem(400, "give 'target' (as in a route table) or 'percent' (for canary and shadow routes)");
    }
    if (request.containsKey("percent") && percent == null) {
      throw new AdminProblem(400, "percent: must be a whole number");
    }
    Object shadow = request.getValue("shadow");
    if (shadow != null && !(shadow instanceof JsonObject)) {
      throw new AdminProblem(400, "shadow: must be an object, a route's shadow block (e.g. {\"sandbox\": true})");
    }
    if (shadow != null && !(target instanceof JsonObject t && t.containsKey("shadow"))) {
      throw new AdminProblem(400, "shadow: only with a shadow target ({\"target\": {\"shadow\": {...}}, \"shadow\": {...}})");
    }
    RouteDefinition changed = target != null ? withTarget(table, route, target, (JsonObject) shadow) : withPercent(route, percent);
    return table.withRoute(changed);
  }

  private static RouteDefinition withTarget(RouteTableDefinition table, RouteDefinition route, Object target, JsonObject shadow) {
    ObjectNode tree = (ObjectNode) RouteTableCodec.toTree(route);
    tree.set("target", tree(target));
    if (shadow != null) {
      tree.set("shadow", tree(shadow));
    } else if (!(target instanceof JsonObject j && j.containsKey("shadow"))) {
      tree.remove("shadow");
    }
    ObjectNode doc = (ObjectNode) RouteTableCodec.toTree(new RouteTableDefinition(table.apiVersion(), table.backends(), java.util.List.of()));
    doc.putArray("routes").add(tree);
    try {
      return RouteTableCodec.fromTree(doc).routes().get(0);
    } catch (InvalidRouteTableException e) {
      throw new AdminProblem(422, "the new target (or shadow block) is invalid", e.problems());
    }
  }

  /** As JSON text first: a JsonObject built in code holds JsonObjects, not maps, which Jackson would take for beans. */
  private static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
    try {
      return JSON.readTree(value instanceof JsonObject j ? j.encode() : io.vertx.core.json.Json.encode(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AdminProblem(400, "target: not JSON (" + e.getOriginalMessage() + ")");
    }
  }

  private static RouteDefinition withPercent(RouteDefinition route, int percent) {
    return switch (route.target()) {
      case Target.Canary c -> route.withTarget(new Target.Canary(c.backend(), percent, c.cohort()));
      case Target.Shadow s -> route.withTarget(new Target.Shadow(s.primary(), s.candidate(), percent));
      default -> throw new AdminProblem(409, "route '" + route.id() + "' is not a canary or shadow route; give a target instead");
    };
  }

}
