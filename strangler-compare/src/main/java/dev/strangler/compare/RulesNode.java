package dev.strangler.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns one rules node into {@link CompareRules}, over a base for the fields it leaves out, listing problems. */
final class RulesNode {

    private static final Set<String> RULE_FIELDS = Set.of("headers", "ignoreHeaders", "ignore", "arraysAsSets",
            "arraysByKey",
            "numbers", "expect", "maxBodyBytes", "maxValueChars", "maxDifferences", "maxLineEdits",
            "skipIncomparableTypes");
    private static final Set<String> NUMBER_FIELDS = Set.of("byValue", "tolerances");
    private static final Set<String> ARRAY_KEY_FIELDS = Set.of("path", "key");
    private static final Set<String> TOLERANCE_FIELDS = Set.of("path", "absolute", "relative");
    private static final Set<String> EXPECT_FIELDS = Set.of("extra", "missing", "changed", "headers", "status");

    private RulesNode() {}

    static CompareRules rules(JsonNode node, CompareRules base, String place, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at(place, "") + ": must be a map of rules");
            return base;
        }
        unknownFields(node, RULE_FIELDS, place, problems);
        JsonNode numbers = node.path("numbers");
        if (!numbers.isMissingNode()) {
            unknownFields(numbers, NUMBER_FIELDS, at(place, "numbers"), problems);
        }
        return new CompareRules(
                node.has("headers") ? strings(node.get("headers"), at(place, "headers"), problems) : base.headers(),
                node.has("ignoreHeaders") ? strings(node.get("ignoreHeaders"), at(place, "ignoreHeaders"), problems)
                        : base.ignoreHeaders(),
                node.has("ignore") ? patterns(node.get("ignore"), at(place, "ignore"), problems) : base.ignore(),
                node.has("arraysAsSets") ? patterns(node.get("arraysAsSets"), at(place, "arraysAsSets"), problems)
                        : base.arraysAsSets(),
                node.has("arraysByKey") ? arrayKeys(node.get("arraysByKey"), at(place, "arraysByKey"), problems)
                        : base.arraysByKey(),
                numbers.has("byValue") ? bool(numbers.get("byValue"), at(place, "numbers.byValue"), problems)
                        : base.numbersByValue(),
                numbers.has("tolerances") ? tolerances(numbers.get("tolerances"), at(place, "numbers.tolerances"),
                        problems) : base.tolerances(),
                node.has("expect") ? expect(node.get("expect"), at(place, "expect"), problems) : base.expect(),
                node.has("maxBodyBytes") ? positive(node.get("maxBodyBytes"), at(place, "maxBodyBytes"), problems,
                        base.maxBodyBytes()) : base.maxBodyBytes(),
                node.has("maxValueChars") ? (int) positive(node.get("maxValueChars"), at(place, "maxValueChars"),
                        problems, base.maxValueChars()) : base.maxValueChars(),
                node.has("maxDifferences") ? (int) positive(node.get("maxDifferences"), at(place, "maxDifferences"),
                        problems, base.maxDifferences()) : base.maxDifferences(),
                node.has("maxLineEdits") ? (int) positive(node.get("maxLineEdits"), at(place, "maxLineEdits"),
                        problems, base.maxLineEdits()) : base.maxLineEdits(),
                node.has("skipIncomparableTypes") ? bool(node.get("skipIncomparableTypes"),
                        at(place, "skipIncomparableTypes"), problems) : base.skipIncomparableTypes());
    }

    static void unknownFields(JsonNode node, Set<String> known, String place, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at(place, "") + ": must be a map");
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(at(place, name) + ": unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static List<String> strings(JsonNode node, String place, List<String> problems) {
        List<String> out = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(place + ": must be a list");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.add(place + "[" + i + "]: must be a non-empty string");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private static List<PointerPattern> patterns(JsonNode node, String place, List<String> problems) {
        List<PointerPattern> out = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(place + ": must be a list of JSON pointer patterns");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            PointerPattern pattern = pattern(node.get(i), place + "[" + i + "]", problems);
            if (pattern != null) {
                out.add(pattern);
            }
        }
        return out;
    }

    private static PointerPattern pattern(JsonNode node, String place, List<String> problems) {
        if (!node.isTextual()) {
            problems.add(place + ": must be a JSON pointer pattern such as /items/*/updatedAt");
            return null;
        }
        try {
            return PointerPattern.parse(node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(place + ": " + e.getMessage());
            return null;
        }
    }

    private static List<CompareRules.ArrayKey> arrayKeys(JsonNode node, String place, List<String> problems) {
        List<CompareRules.ArrayKey> out = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(place + ": must be a list of {path, key}");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String item = place + "[" + i + "]";
            unknownFields(node.get(i), ARRAY_KEY_FIELDS, item, problems);
            PointerPattern path = pattern(node.get(i).path("path"), item + ".path", problems);
            PointerPattern key = pattern(node.get(i).path("key"), item + ".key", problems);
            if (key != null && (key.segments().contains("*") || key.segments().contains("**"))) {
                problems.add(item + ".key: must be a plain JSON pointer inside an element, such as /sku");
            } else if (path != null && key != null) {
                out.add(new CompareRules.ArrayKey(path, key.text()));
            }
        }
        return out;
    }

    private static List<CompareRules.Tolerance> tolerances(JsonNode node, String place, List<String> problems) {
        List<CompareRules.Tolerance> out = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(place + ": must be a list of {path, absolute, relative}");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String item = place + "[" + i + "]";
            JsonNode tolerance = node.get(i);
            unknownFields(tolerance, TOLERANCE_FIELDS, item, problems);
            PointerPattern path = pattern(tolerance.path("path"), item + ".path", problems);
            double absolute = fraction(tolerance.path("absolute"), item + ".absolute", problems);
            double relative = fraction(tolerance.path("relative"), item + ".relative", problems);
            if (absolute == 0 && relative == 0) {
                problems.add(item + ": give absolute or relative greater than 0");
            }
            if (path != null) {
                out.add(new CompareRules.Tolerance(path, absolute, relative));
            }
        }
        return out;
    }

    private static CompareRules.Expectations expect(JsonNode node, String place, List<String> problems) {
        unknownFields(node, EXPECT_FIELDS, place, problems);
        Map<Integer, Integer> status = new HashMap<>();
        JsonNode statusNode = node.path("status");
        if (!statusNode.isMissingNode() && !statusNode.isObject()) {
            problems.add(place + ".status: must be a map of legacy status to candidate status");
        }
        for (Map.Entry<String, JsonNode> entry : statusNode.properties()) {
            Integer legacy = status(entry.getKey(), place + ".status." + entry.getKey(), problems);
            Integer candidate = status(entry.getValue().asText(), place + ".status." + entry.getKey(), problems);
            if (legacy != null && candidate != null) {
                status.put(legacy, candidate);
            }
        }
        return new CompareRules.Expectations(
                node.has("extra") ? patterns(node.get("extra"), place + ".extra", problems) : List.of(),
                node.has("missing") ? patterns(node.get("missing"), place + ".missing", problems) : List.of(),
                node.has("changed") ? patterns(node.get("changed"), place + ".changed", problems) : List.of(),
                node.has("headers") ? strings(node.get("headers"), place + ".headers", problems) : List.of(),
                status);
    }

    private static Integer status(String text, String place, List<String> problems) {
        try {
            int status = Integer.parseInt(text.trim());
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(place + ": '" + text + "' is not an HTTP status (100-599)");
        return null;
    }

    private static double fraction(JsonNode node, String place, List<String> problems) {
        if (node.isMissingNode()) {
            return 0;
        }
        if (!node.isNumber() || node.asDouble() < 0) {
            problems.add(place + ": must be a number >= 0");
            return 0;
        }
        return node.asDouble();
    }

    private static long positive(JsonNode node, String place, List<String> problems, long fallback) {
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() <= 0) {
            problems.add(place + ": must be a whole number > 0, was " + node);
            return fallback;
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode node, String place, List<String> problems) {
        if (!node.isBoolean()) {
            problems.add(place + ": must be true or false, was " + node);
            return false;
        }
        return node.asBoolean();
    }

    private static String at(String place, String field) {
        return place.isEmpty() ? (field.isEmpty() ? "document" : field) : field.isEmpty() ? place : place + "." + field;
    }
}
