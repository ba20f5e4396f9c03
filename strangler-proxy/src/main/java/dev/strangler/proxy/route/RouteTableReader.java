package dev.strangler.proxy.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a parsed YAML/JSON tree into a {@link RouteTableDefinition}, collecting every shape problem
 * with its place instead of stopping at the first.
 */
final class RouteTableReader {

  private static final Set<String> TABLE_FIELDS = Set.of("apiVersion", "kind", "backends", "routes", "cacheInvalidation");
  private static final Set<String> BACKEND_FIELDS = Set.of("urls", "service", "allowRestrictedAddress", "maxInFlight");
  private static final Set<String> ROUTE_FIELDS = Set.of("id", "priority", "match", "target", "timeouts", "sideEffect",
      "fallbackToLegacy", "rewrite", "requestHeaders", "responseHeaders", "maxBody", "requireSession", "cache", "rateLimit",
      "capture", "shadow", "idempotency", "holdAnswer");
  private static final Set<String> MATCH_FIELDS = Set.of("path", "methods", "headers", "cookies", "query", "host");

  private final List<String> problems = new ArrayList<>();
  private final PolicyReader policies = new PolicyReader(this);

  static RouteTableDefinition read(JsonNode root) {
    RouteTableReader reader = new RouteTableReader();
    RouteTableDefinition table = reader.table(root);
    if (!reader.problems.isEmpty()) {
      throw new InvalidRouteTableException(reader.problems);
    }
    return table;
  }

  private RouteTableDefinition table(JsonNode root) {
    if (root == null || !root.isObject()) {
      problems.add("the route table must be an object with apiVersion, backends and routes");
      return null;
    }
    unknownFields(root, TABLE_FIELDS, "");
    String apiVersion = text(root, "apiVersion", "apiVersion");
    if (root.has("kind") && !"RouteTable".equals(root.get("kind").asText())) {
      problems.add("kind: must be RouteTable (got " + root.get("kind").asText() + ")");
    }
    Map<String, BackendDefinition> backends = new TreeMap<>();
    JsonNode b = root.get("backends");
    if (b != null && !b.isObject()) {
      problems.add("backends: must be a map of name to backend");
    } else if (b != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        backends.put(e.getKey(), backend(e.getValue(), "backends." + e.getKey()));
      }
    }
    List<RouteDefinition> routes = new ArrayList<>();
    JsonNode r = root.get("routes");
    if (r != null && !r.isArray()) {
      problems.add("routes: must be a list");
    } else if (r != null) {
      for (int i = 0; i < r.size(); i++) {
        RouteDefinition route = route(r.get(i), i);
        if (route != null) {
          routes.add(route);
        }
      }
    }
    return new RouteTableDefinition(apiVersion, new TreeMap<>(backends), routes,
        policies.invalidation(root.get("cacheInvalidation"), "cacheInvalidation"));
  }

  private BackendDefinition backend(JsonNode node, String at) {
    if (!node.isObject()) {
      problems.add(at + ": must be an object with urls or service");
      return new BackendDefinition(List.of(), null, false);
    }
    unknownFields(node, BACKEND_FIELDS, at + ".");
    List<URI> urls = new ArrayList<>();
    for (String url : strings(node.get("urls"), at + ".urls")) {
      try {
        urls.add(URI.create(url));
      } catch (IllegalArgumentException e) {
        problems.add(at + ".urls: '" + url + "' is not a URL");
      }
    }
    return new BackendDefinition(urls, text(node, "service", at + ".service"),
        bool(node, "allowRestrictedAddress", at + ".allowRestrictedAddress"),
        node.has("maxInFlight") ? integer(node.get("maxInFlight"), at + ".maxInFlight") : null);
  }

  private RouteDefinition route(JsonNode node, int index) {
    String at = "routes[" + index + "]";
    if (!node.isObject()) {
      problems.add(at + ": must be an object");
      return null;
    }
    String id = text(node, "id", at + ".id");
    if (id != null) {
      at = "route " + id;
    } else {
      problems.add(at + ".id: required");
    }
    unknownFields(node, ROUTE_FIELDS, at + ".");
    Integer priority = node.has("priority") ? integer(node.get("priority"), at + ".priority") : null;
    Match match = match(node.get("match"), at + ".match");
    Target target = target(node.get("target"), at + ".target");
    RouteOptions options = options(node, at);
    if (id == null || target == null) {
      return null;
    }
    return new RouteDefinition(id, priority, match, target, options);
  }

  private Match match(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return Match.ANY;
    }
    if (!node.isObject()) {
      problems.add(at + ": must be an object");
      return Match.ANY;
    }
    unknownFields(node, MATCH_FIELDS, at + ".");
    List<String> methods = strings(node.get("methods"), at + ".methods").stream()
        .map(m -> m.toUpperCase(Locale.ROOT)).toList();
    return new Match(text(node, "path", at + ".path"), methods,
        new TreeMap<>(stringMap(node.get("headers"), at + ".headers")),
        new TreeMap<>(stringMap(node.get("cookies"), at + ".cookies")),
        new TreeMap<>(stringMap(node.get("query"), at + ".query")),
        text(node, "host", at + ".host"));
  }

  private Target target(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      problems.add(at + ": required (legacy, extracted, canary, shadow or direct)");
      return null;
    }
    if (node.isTextual()) {
      if ("legacy".equals(node.asText())) {
        return new Target.Legacy();
      }
      problems.add(at + ": '" + node.asText() + "' is not a target; write legacy, or an object with one of extracted, canary, shadow, direct");
      return null;
    }
    if (!node.isObject() || node.size() != 1) {
      problems.add(at + ": must have exactly one of legacy, extracted, canary, shadow, direct");
      return null;
    }
    Map.Entry<String, JsonNode> only = node.fields().next();
    String kind = only.getKey();
    JsonNode v = only.getValue();
    String here = at + "." + kind;
    return switch (kind) {
      case "legacy" -> new Target.Legacy();
      case "extracted" -> {
        String backend = v.isTextual() ? v.asText() : text(v, "backend", here + ".backend");
        yield backend == null ? missing(here + ".backend") : new Target.Extracted(backend);
      }
      case "canary" -> {
        String backend = text(v, "backend", here + ".backend");
        Integer percent = v.has("percent") ? integer(v.get("percent"), here + ".percent") : null;
        Cohort cohort = Cohort.session();
        if (v.has("cohort")) {
          try {
            cohort = Cohort.parse(v.get("cohort").asText());
          } catch (IllegalArgumentException e) {
            problems.add(here + ".cohort: " + e.getMessage());
          }
        }
        if (percent == null) {
          problems.add(here + ".percent: required");
        }
        yield backend == null || percent == null ? missing(backend == null ? here + ".backend" : null)
            : new Target.Canary(backend, percent, cohort);
      }
      case "shadow" -> {
        String primary = v.has("primary") ? text(v, "primary", here + ".primary") : Target.LEGACY_BACKEND;
        String candidate = text(v, "candidate", here + ".candidate");
        Integer percent = v.has("percent") ? integer(v.get("percent"), here + ".percent") : 100;
        yield primary == null || candidate == null || percent == null
            ? missing(candidate == null ? here + ".candidate" : null) : new Target.Shadow(primary, candidate, percent);
      }
      case "direct" -> {
        Integer status = v.has("status") ? integer(v.get("status"), here + ".status") : null;
        if (status == null) {
          yield missing(here + ".status");
        }
        yield new Target.Direct(status, text(v, "contentType", here + ".contentType"), text(v, "body", here + ".body"));
      }
      default -> {
        problems.add(at + ": unknown target '" + kind + "' (legacy, extracted, canary, shadow or direct)");
        yield null;
      }
    };
  }

  private RouteOptions options(JsonNode node, String at) {
    JsonNode timeouts = node.get("timeouts");
    var connect = timeouts == null ? null : duration(timeouts.get("connect"), at + ".timeouts.connect");
    var response = timeouts == null ? null : duration(timeouts.get("response"), at + ".timeouts.response");
    SideEffect sideEffect = null;
    String se = text(node, "sideEffect", at + ".sideEffect");
    if (se != null) {
      try {
        sideEffect = SideEffect.valueOf(se.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at + ".sideEffect: must be safe, idempotent or unsafe (got " + se + ")");
      }
    }
    JsonNode rewrite = node.get("rewrite");
    return new RouteOptions(connect, response, sideEffect, bool(node, "fallbackToLegacy", at + ".fallbackToLegacy"),
        rewrite == null ? null : text(rewrite, "stripPrefix", at + ".rewrite.stripPrefix"),
        rewrite == null ? null : text(rewrite, "addPrefix", at + ".rewrite.addPrefix"),
        headerChanges(node.get("requestHeaders"), at + ".requestHeaders"),
        headerChanges(node.get("responseHeaders"), at + ".responseHeaders"),
        size(node.get("maxBody"), at + ".maxBody"), bool(node, "requireSession", at + ".requireSession"),
        policies.cache(node.get("cache"), at + ".cache"), policies.rateLimit(node.get("rateLimit"), at + ".rateLimit"),
        policies.capture(node.get("capture"), at + ".capture"), policies.shadow(node.get("shadow"), at + ".shadow"))
        .withIdempotency(policies.idempotency(node.get("idempotency"), at + ".idempotency"))
        .withHoldAnswer(size(node.get("holdAnswer"), at + ".holdAnswer"));
  }

  private Long size(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return Sizes.parse(node.asText());
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + e.getMessage());
      return null;
    }
  }

  private RouteOptions.HeaderChanges headerChanges(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return RouteOptions.HeaderChanges.NONE;
    }
    unknownFields(node, Set.of("set", "remove"), at + ".");
    return RouteOptions.HeaderChanges.of(stringMap(node.get("set"), at + ".set"), strings(node.get("remove"), at + ".remove"));
  }

  java.time.Duration duration(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return Durations.parse(node.asText());
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + e.getMessage());
      return null;
    }
  }

  void problem(String problem) {
    problems.add(problem);
  }

  private <T> T missing(String at) {
    if (at != null) {
      problems.add(at + ": required");
    }
    return null;
  }

  String text(JsonNode node, String field, String at) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      problems.add(at + ": must be a string");
      return null;
    }
    return v.asText();
  }

  boolean bool(JsonNode node, String field, String at) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      problems.add(at + ": must be true or false");
      return false;
    }
    return v.asBoolean();
  }

  Integer integer(JsonNode v, String at) {
    if (v == null || !v.canConvertToInt() || !(v.isIntegralNumber() || (v.isTextual() && v.asText().matches("-?\\d+")))) {
      problems.add(at + ": must be a whole number (got " + v + ")");
      return null;
    }
    return v.isTextual() ? Integer.parseInt(v.asText()) : v.asInt();
  }

  List<String> strings(JsonNode node, String at) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      problems.add(at + ": must be a list");
      return out;
    }
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private Map<String, String> stringMap(JsonNode node, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problems.add(at + ": must be a map of name to value");
      return out;
    }
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  void unknownFields(JsonNode node, Set<String> known, String at) {
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        problems.add(at + f + ": unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    });
  }
}
