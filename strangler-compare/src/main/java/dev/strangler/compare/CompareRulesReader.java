package dev.strangler.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads compare rules from YAML or JSON (YAML's superset), checking everything and reporting every problem
 * with its place (e.g. {@code routes.catalog-read.ignore[1]}) in one {@link InvalidCompareRulesException}.
 */
public final class CompareRulesReader {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> FILE_FIELDS = Set.of("apiVersion", "defaults", "routes");

    private CompareRulesReader() {}

    /** A whole file: {@code apiVersion}, {@code defaults} and {@code routes}. */
    public static CompareRulesFile read(String text) {
        List<String> problems = new ArrayList<>();
        JsonNode root = parse(text, problems);
        CompareRules defaults = CompareRules.DEFAULTS;
        Map<String, CompareRules> routes = new LinkedHashMap<>();
        if (root != null) {
            RulesNode.unknownFields(root, FILE_FIELDS, "", problems);
            JsonNode version = root.get("apiVersion");
            if (version == null || !CompareRulesFile.API_VERSION.equals(version.asText())) {
                problems.add("apiVersion: must be '" + CompareRulesFile.API_VERSION + "', was "
                        + (version == null ? "missing" : "'" + version.asText() + "'"));
            }
            if (root.has("defaults")) {
                defaults = RulesNode.rules(root.get("defaults"), CompareRules.DEFAULTS, "defaults", problems);
            }
            JsonNode routeNodes = root.path("routes");
            if (!routeNodes.isMissingNode() && !routeNodes.isObject()) {
                problems.add("routes: must be a map of route id to rules");
            }
            for (Map.Entry<String, JsonNode> route : routeNodes.properties()) {
                routes.put(route.getKey(),
                        RulesNode.rules(route.getValue(), defaults, "routes." + route.getKey(), problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidCompareRulesException(problems);
        }
        return new CompareRulesFile(defaults, routes);
    }

    /** One rules object on its own; absent fields take their defaults. */
    public static CompareRules readRules(String text) {
        List<String> problems = new ArrayList<>();
        JsonNode root = parse(text, problems);
        CompareRules rules = root == null ? null : RulesNode.rules(root, CompareRules.DEFAULTS, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidCompareRulesException(problems);
        }
        return rules;
    }

    /**
     * One rules object inside a larger document (e.g. a drift spec's {@code compare}): its problems are added to
     * {@code problems} with {@code place} in front; absent fields take their defaults.
     */
    public static CompareRules rules(JsonNode node, String place, List<String> problems) {
        return RulesNode.rules(node, CompareRules.DEFAULTS, place, problems);
    }

    /**
     * Adds a problem for each field of the map {@code node} that is not {@code known}, at {@code place} (e.g.
     * {@code legacy.aggregate: unknown field (known: …)}); for documents that hold rules among other things.
     */
    public static void unknownFields(JsonNode node, Set<String> known, String place, List<String> problems) {
        RulesNode.unknownFields(node, known, place, problems);
    }

    /** YAML or JSON text as a map node, or null after adding why not (with line and column) to {@code problems}. */
    public static JsonNode document(String text, List<String> problems) {
        return parse(text, problems);
    }

    private static JsonNode parse(String text, List<String> problems) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || !root.isObject()) {
                problems.add("document: must be a map (YAML or JSON object)");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            problems.add((where == null ? "document" : "line " + where.getLineNr() + ", column " + where.getColumnNr())
                    + ": not YAML/JSON (" + e.getOriginalMessage() + ")");
            return null;
        }
    }
}
