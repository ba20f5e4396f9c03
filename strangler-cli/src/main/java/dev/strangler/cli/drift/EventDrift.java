package dev.strangler.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.compare.CompareRules;
import dev.strangler.compare.Comparison;
import dev.strangler.compare.JsonDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges the two sides' events by correlation id as they stream (both ordered by it, code point order): a
 * correlation id with events on one side only is reported with its events; on both, the events are paired by
 * type (the k-th of a type with the k-th) and each pair compared as {@code {type, aggregateId, payload}} under the
 * event rules. Events without a correlation id are counted, not compared.
 */
final class EventDrift {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final CompareRules rules;
    private final JsonDocuments documents;
    private final DriftFindings.Events findings;

    EventDrift(CompareRules rules, int maxListed) {
        this.rules = rules;
        this.documents = new JsonDocuments(rules);
        this.findings = new DriftFindings.Events(maxListed);
    }

    DriftFindings.Events run(Rows<Store.EventRow> legacy, Rows<Store.EventRow> extracted) {
        Groups left = new Groups("legacy", legacy);
        Groups right = new Groups("extracted", extracted);
        List<Store.EventRow> l = left.next();
        List<Store.EventRow> r = right.next();
        while (l != null || r != null) {
            int c = l == null ? 1 : r == null ? -1
                    : KeyOrder.byCodePoint(l.getFirst().correlationId(), r.getFirst().correlationId());
            if (c < 0) {
                findings.onlyInLegacy(l.getFirst().correlationId(), names(l));
                l = left.next();
            } else if (c > 0) {
                findings.onlyInExtracted(r.getFirst().correlationId(), names(r));
                r = right.next();
            } else {
                findings.both(l.getFirst().correlationId(), compare(l, r));
                l = left.next();
                r = right.next();
            }
        }
        findings.legacyRows = legacy.count();
        findings.extractedRows = extracted.count();
        findings.legacyUncorrelated = left.uncorrelated;
        findings.extractedUncorrelated = right.uncorrelated;
        return findings;
    }

    private List<DriftReport.Diff> compare(List<Store.EventRow> legacy, List<Store.EventRow> extracted) {
        Map<String, List<Store.EventRow>> left = byType(legacy);
        Map<String, List<Store.EventRow>> right = byType(extracted);
        TreeSet<String> types = new TreeSet<>(left.keySet());
        types.addAll(right.keySet());
        List<DriftReport.Diff> diffs = new ArrayList<>();
        for (String type : types) {
            List<Store.EventRow> a = left.getOrDefault(type, List.of());
            List<Store.EventRow> b = right.getOrDefault(type, List.of());
            for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
                String at = type + (k == 0 ? "" : "[" + k + "]");
                if (k >= b.size()) {
                    diffs.add(new DriftReport.Diff("MISSING", at, text(document(a.get(k))), null));
                } else if (k >= a.size()) {
                    diffs.add(new DriftReport.Diff("EXTRA", at, null, text(document(b.get(k)))));
                } else {
                    Comparison comparison = documents.compare(document(a.get(k)), document(b.get(k)));
                    comparison.mismatches().forEach(d -> diffs.add(new DriftReport.Diff(d.kind().name(),
                            at + d.path(), d.legacy(), d.candidate())));
                }
            }
        }
        return diffs;
    }

    private static Map<String, List<Store.EventRow>> byType(List<Store.EventRow> events) {
        Map<String, List<Store.EventRow>> out = new LinkedHashMap<>();
        events.forEach(e -> out.computeIfAbsent(String.valueOf(e.type()), t -> new ArrayList<>()).add(e));
        return out;
    }

    private static List<String> names(List<Store.EventRow> events) {
        return events.stream().map(e -> e.type() + " " + e.aggregateId()).toList();
    }

    /** The event as compared: a payload that is not JSON is compared as its text. */
    private static JsonNode document(Store.EventRow event) {
        ObjectNode doc = NODES.objectNode();
        doc.put("type", event.type());
        doc.put("aggregateId", event.aggregateId());
        JsonNode payload;
        try {
            payload = event.payload() == null ? NODES.nullNode() : JsonDocuments.parse(event.payload());
        } catch (IOException e) {
            payload = NODES.textNode(event.payload());
        }
        doc.set("payload", payload);
        return doc;
    }

    private String text(JsonNode document) {
        String text = document.toString();
        int max = rules.maxValueChars();
        return text.length() <= max ? text : text.substring(0, max) + "…(+" + (text.length() - max) + " chars)";
    }

    /**
     * One side's events, a correlation id's group at a time, checked to come in ascending order (a group split in
     * two would pair wrongly); the uncorrelated ones (ordered last) only counted.
     */
    private static final class Groups {
        private final String side;
        private final Rows<Store.EventRow> rows;
        private Store.EventRow peeked;
        private String previous;
        long uncorrelated;

        Groups(String side, Rows<Store.EventRow> rows) {
            this.side = side;
            this.rows = rows;
            this.peeked = rows.next();
        }

        List<Store.EventRow> next() {
            if (peeked == null) {
                return null;
            }
            if (peeked.correlationId() == null) {
                while (peeked != null) {
                    uncorrelated++;
                    peeked = rows.next();
                }
                return null;
            }
            List<Store.EventRow> group = new ArrayList<>();
            String id = peeked.correlationId();
            if (previous != null && KeyOrder.byCodePoint(previous, id) >= 0) {
                throw new CliFailure(ExitCodes.USAGE, side + ".events: correlation ids came out of order (" + id
                        + " after " + previous + ")");
            }
            previous = id;
            while (peeked != null && id.equals(peeked.correlationId())) {
                group.add(peeked);
                peeked = rows.next();
            }
            return group;
        }
    }
}
