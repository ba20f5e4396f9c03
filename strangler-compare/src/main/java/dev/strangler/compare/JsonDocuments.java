package dev.strangler.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares two JSON documents (not HTTP answers: e.g. one aggregate's state as two stores hold it) under
 * {@link CompareRules}, and digests a document with the rules' {@code ignore} patterns left out. Thread-safe.
 */
public final class JsonDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final CompareRules rules;

    public JsonDocuments(CompareRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules == null");
    }

    /** Parses JSON text exactly as bodies are parsed (floats as written: {@code 2.50} stays {@code 2.50}). */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return BodyComparator.JSON.readTree(text);
    }

    /** Every difference, by JSON Pointer, with ignored pointers counted as noise and expected ones set apart. */
    public Comparison compare(JsonNode legacy, JsonNode candidate) {
        JsonDiff diff = new JsonDiff(rules, this::ignored);
        return Comparison.of(rules, diff.diff(legacy, candidate), diff.noiseCount(), null);
    }

    /**
     * The document as canonical JSON text: every value under an {@code ignore} pattern left out, object fields
     * sorted by name, no spaces, numbers as written (so {@code 1.0} and {@code 1} still differ).
     */
    public String canonical(JsonNode document) {
        JsonNode kept = prune("", document);
        try {
            return BodyComparator.JSON.writeValueAsString(kept == null ? NODES.nullNode() : kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always writes", e);
        }
    }

    /** SHA-256 (hex) of {@link #canonical}: equal digests, equal documents as the rules see them. */
    public String sha256(JsonNode document) {
        return BodyComparator.sha256(canonical(document).getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode prune(String pointer, JsonNode node) {
        if (!pointer.isEmpty() && ignored(pointer)) {
            return null;
        }
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(field -> {
                JsonNode kept = prune(pointer + "/" + JsonDiff.escape(field.getKey()), field.getValue());
                if (kept != null) {
                    sorted.put(field.getKey(), kept);
                }
            });
            ObjectNode out = NODES.objectNode();
            out.setAll(sorted);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode kept = prune(pointer + "/" + i, node.get(i));
                if (kept != null) {
                    out.add(kept);
                }
            }
            return out;
        }
        return node;
    }

    private boolean ignored(String pointer) {
        return PointerPattern.anyMatches(rules.ignore(), pointer);
    }
}
