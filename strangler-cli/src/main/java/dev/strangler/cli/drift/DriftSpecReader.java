package dev.strangler.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.compare.CompareRules;
import dev.strangler.compare.CompareRulesReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a drift spec (YAML or JSON), checking everything and listing every problem with its place
 * (e.g. {@code legacy.database}, {@code compare.aggregates.ignore[0]}) in one {@link InvalidDriftSpecException}.
 */
public final class DriftSpecReader {

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "name", "legacy", "extracted", "compare", "window");
    private static final Set<String> SIDE = Set.of("database", "passwordEnv", "aggregates", "events");
    private static final Set<String> COMPARE = Set.of("aggregates", "events");
    private static final Set<String> WINDOW = Set.of("since", "until");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** {@code :since} or {@code :until}, not a {@code ::cast}. */
    static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(since|until)\\b");

    /**
     * What the command line puts over the spec: a database URL per side, the window's ends (null: the spec's).
     */
    public record Overrides(String legacyDatabase, String extractedDatabase, Instant since, Instant until) {
        public static final Overrides NONE = new Overrides(null, null, null, null);
    }

    private final List<String> problems = new ArrayList<>();

    private DriftSpecReader() {}

    /** Reads a spec, the command line's overrides applied. */
    public static DriftSpec read(String text, Overrides overrides) {
        return new DriftSpecReader().spec(text, overrides);
    }

    private DriftSpec spec(String text, Overrides overrides) {
        JsonNode root = CompareRulesReader.document(text, problems);
        if (root == null) {
            throw new InvalidDriftSpecException(problems);
        }
        unknownFields(root, TOP, "");
        expect(root, "apiVersion", DriftSpec.API_VERSION);
        expect(root, "kind", DriftSpec.KIND);
        String name = text(root, "name", "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add("name: letters, digits, '.', '_' and '-' only (at most 64), was '" + name + "'");
        }
        DriftSpec.Window window = window(root.path("window"), overrides);
        DriftSpec.Side legacy = side(root, "legacy", overrides.legacyDatabase(), window);
        DriftSpec.Side extracted = side(root, "extracted", overrides.extractedDatabase(), window);
        boolean legacyEvents = root.path("legacy").has("events");
        if (legacyEvents != root.path("extracted").has("events")) {
            problems.add((legacyEvents ? "extracted" : "legacy") + ".events: give an events query on both sides or on neither");
        }
        JsonNode compare = root.path("compare");
        if (!compare.isMissingNode() && !compare.isObject()) {
            problems.add("compare: must be a map with aggregates and events rules");
        }
        unknownFields(compare, COMPARE, "compare");
        CompareRules aggregateRules = rules(compare.path("aggregates"), "compare.aggregates");
        CompareRules eventRules = rules(compare.path("events"), "compare.events");
        if (!problems.isEmpty()) {
            throw new InvalidDriftSpecException(problems);
        }
        return new DriftSpec(name, legacy, extracted, aggregateRules, eventRules, window);
    }

    private DriftSpec.Side side(JsonNode root, String side, String databaseOverride, DriftSpec.Window window) {
        JsonNode node = root.get(side);
        if (node == null || !node.isObject()) {
            problems.add(side + ": " + (node == null ? "required" : "must be a map")
                    + " (database, passwordEnv, aggregates, events)");
            return null;
        }
        unknownFields(node, SIDE, side);
        String passwordEnv = text(node, "passwordEnv", side + ".passwordEnv", false);
        if (passwordEnv != null) {
            if (!ENV_NAME.matcher(passwordEnv).matches()) {
                problems.add(side + ".passwordEnv: must be an environment variable's name, was '" + passwordEnv + "'");
            }
        }
        String url = databaseOverride != null ? databaseOverride : text(node, "database", side + ".database", true);
        String place = databaseOverride != null ? "--" + side + "-database" : side + ".database";
        DriftSpec.Database database = url == null ? null : DatabaseUrl.parse(url, passwordEnv, place, problems);
        String aggregates = query(node, "aggregates", side, true);
        String events = query(node, "events", side, false);
        if (events != null) {
            checkWindowUsed(events, window, side + ".events");
        }
        return database == null || aggregates == null ? null
                : new DriftSpec.Side(side, database, aggregates, events);
    }

    private String query(JsonNode side, String field, String sideName, boolean required) {
        String place = sideName + "." + field;
        String query = text(side, field, place, required);
        if (query == null) {
            return null;
        }
        String trimmed = query.strip().replaceAll(";\\s*$", "");
        if (trimmed.isEmpty()) {
            problems.add(place + ": must be a query, was empty");
            return null;
        }
        if (trimmed.contains(";")) {
            problems.add(place + ": must be one query without ';' (it is run inside another, ordered by the key)");
        }
        return trimmed;
    }

    private void checkWindowUsed(String query, DriftSpec.Window window, String place) {
        Set<String> used = new TreeSet<>();
        PARAMETER.matcher(query).results().forEach(m -> used.add(m.group(1)));
        if (window.since() != null && !used.contains("since")) {
            problems.add(place + ": the window has a since, but the query has no :since to take it");
        }
        if (window.until() != null && !used.contains("until")) {
            problems.add(place + ": the window has an until, but the query has no :until to take it");
        }
    }

    private DriftSpec.Window window(JsonNode node, Overrides overrides) {
        if (!node.isMissingNode() && !node.isObject()) {
            problems.add("window: must be a map with since and/or until (ISO-8601 instants)");
            return DriftSpec.Window.ALL;
        }
        unknownFields(node, WINDOW, "window");
        Instant since = overrides.since() != null ? overrides.since() : instant(node, "since");
        Instant until = overrides.until() != null ? overrides.until() : instant(node, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            problems.add("window: since (" + since + ") must be before until (" + until + ")");
        }
        return new DriftSpec.Window(since, until);
    }

    private Instant instant(JsonNode window, String field) {
        String text = text(window, field, "window." + field, false);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add("window." + field + ": must be an ISO-8601 instant such as 2026-11-29T06:00:00Z, was '"
                    + text + "'");
            return null;
        }
    }

    private CompareRules rules(JsonNode node, String place) {
        return node.isMissingNode() ? CompareRules.DEFAULTS : CompareRulesReader.rules(node, place, problems);
    }

    private void expect(JsonNode root, String field, String wanted) {
        JsonNode value = root.get(field);
        if (value == null || !wanted.equals(value.asText())) {
            problems.add(field + ": must be '" + wanted + "', was " + (value == null ? "missing" : "'" + value.asText() + "'"));
        }
    }

    private String text(JsonNode node, String field, String place, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(place + ": required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add(place + ": must be text, was " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            return null;
        }
        return value.asText();
    }

    private void unknownFields(JsonNode node, Set<String> known, String place) {
        if (node.isObject()) {
            CompareRulesReader.unknownFields(node, known, place, problems);
        }
    }
}
