package dev.strangler.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A structural walk over two Jackson trees giving every difference with its JSON Pointer. Written here rather
 * than taken from a JSON Patch library: a patch is an edit script (moves, index shifts), while the rules need
 * arrays compared as sets, numbers within tolerances and noise pruned by pointer pattern, none of which a
 * patch can express without being undone afterwards.
 */
final class JsonDiff {

    private final CompareRules rules;
    private final Predicate<String> noise;
    private int noiseCount;

    /** {@code noise} says which pointers to leave out (the whole subtree under them). */
    JsonDiff(CompareRules rules, Predicate<String> noise) {
        this.rules = rules;
        this.noise = noise;
    }

    int noiseCount() {
        return noiseCount;
    }

    List<Difference> diff(JsonNode legacy, JsonNode candidate) {
        List<Difference> out = new ArrayList<>();
        walk("", legacy, candidate, out);
        return out;
    }

    private void walk(String pointer, JsonNode legacy, JsonNode candidate, List<Difference> out) {
        if (!pointer.isEmpty() && noise.test(pointer)) {
            if (!sameValue(pointer, legacy, candidate)) {
                noiseCount++;
            }
            return;
        }
        if (legacy.getNodeType() != candidate.getNodeType()) {
            out.add(difference(Difference.Kind.TYPE_CHANGED, pointer, legacy, candidate));
        } else if (legacy.isObject()) {
            objects(pointer, legacy, candidate, out);
        } else if (legacy.isArray()) {
            String at = pointer.isEmpty() ? "/" : pointer;
            String key = rules.arrayKeyAt(at);
            if (key != null) {
                arraysByKey(pointer, key, legacy, candidate, out);
            } else if (PointerPattern.anyMatches(rules.arraysAsSets(), at)) {
                arraysAsSets(pointer, legacy, candidate, out);
            } else {
                arraysInOrder(pointer, legacy, candidate, out);
            }
        } else if (!sameValue(pointer, legacy, candidate)) {
            out.add(difference(Difference.Kind.CHANGED, pointer, legacy, candidate));
        }
    }

    private void objects(String pointer, JsonNode legacy, JsonNode candidate, List<Difference> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = legacy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String child = pointer + "/" + escape(field.getKey());
            JsonNode other = candidate.get(field.getKey());
            if (other != null) {
                walk(child, field.getValue(), other, out);
            } else {
                unpaired(Difference.Kind.MISSING, child, field.getValue(), null, out);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = candidate.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!legacy.has(field.getKey())) {
                unpaired(Difference.Kind.EXTRA, pointer + "/" + escape(field.getKey()), null, field.getValue(), out);
            }
        }
    }

    private void arraysInOrder(String pointer, JsonNode legacy, JsonNode candidate, List<Difference> out) {
        int common = Math.min(legacy.size(), candidate.size());
        for (int i = 0; i < common; i++) {
            walk(pointer + "/" + i, legacy.get(i), candidate.get(i), out);
        }
        for (int i = common; i < legacy.size(); i++) {
            unpaired(Difference.Kind.MISSING, pointer + "/" + i, legacy.get(i), null, out);
        }
        for (int i = common; i < candidate.size(); i++) {
            unpaired(Difference.Kind.EXTRA, pointer + "/" + i, null, candidate.get(i), out);
        }
    }

    /** Pairs each legacy element with an equal, still unpaired candidate element; the rest are missing or extra. */
    private void arraysAsSets(String pointer, JsonNode legacy, JsonNode candidate, List<Difference> out) {
        BitSet paired = new BitSet(candidate.size());
        for (int i = 0; i < legacy.size(); i++) {
            String element = pointer + "/" + i;
            int match = -1;
            for (int j = paired.nextClearBit(0); j < candidate.size(); j = paired.nextClearBit(j + 1)) {
                JsonDiff probe = new JsonDiff(rules, noise);
                if (probe.diff(element, legacy.get(i), candidate.get(j)).isEmpty()) {
                    match = j;
                    noiseCount += probe.noiseCount;
                    break;
                }
            }
            if (match >= 0) {
                paired.set(match);
            } else {
                unpaired(Difference.Kind.MISSING, element, legacy.get(i), null, out);
            }
        }
        for (int j = paired.nextClearBit(0); j < candidate.size(); j = paired.nextClearBit(j + 1)) {
            unpaired(Difference.Kind.EXTRA, pointer + "/" + j, null, candidate.get(j), out);
        }
    }

    /** A value on one side only: noise, or a missing/extra difference. */
    private void unpaired(Difference.Kind kind, String pointer, JsonNode legacy, JsonNode candidate,
                          List<Difference> out) {
        if (noise.test(pointer)) {
            noiseCount++;
        } else {
            out.add(difference(kind, pointer, legacy, candidate));
        }
    }

    /**
     * Pairs elements by their key whatever their order and compares each pair field by field, at legacy's
     * index; unpaired ones are missing or extra. An element without the key is paired with none.
     */
    private void arraysByKey(String pointer, String key, JsonNode legacy, JsonNode candidate, List<Difference> out) {
        Map<JsonNode, java.util.ArrayDeque<Integer>> byKey = new java.util.HashMap<>();
        for (int j = 0; j < candidate.size(); j++) {
            JsonNode value = candidate.get(j).at(key);
            if (!value.isMissingNode()) {
                byKey.computeIfAbsent(value, v -> new java.util.ArrayDeque<>()).add(j);
            }
        }
        BitSet paired = new BitSet(candidate.size());
        for (int i = 0; i < legacy.size(); i++) {
            JsonNode value = legacy.get(i).at(key);
            java.util.ArrayDeque<Integer> same = value.isMissingNode() ? null : byKey.get(value);
            Integer j = same == null ? null : same.poll();
            if (j == null) {
                unpaired(Difference.Kind.MISSING, pointer + "/" + i, legacy.get(i), null, out);
            } else {
                paired.set(j);
                walk(pointer + "/" + i, legacy.get(i), candidate.get(j), out);
            }
        }
        for (int j = paired.nextClearBit(0); j < candidate.size(); j = paired.nextClearBit(j + 1)) {
            unpaired(Difference.Kind.EXTRA, pointer + "/" + j, null, candidate.get(j), out);
        }
    }

    private List<Difference> diff(String pointer, JsonNode legacy, JsonNode candidate) {
        List<Difference> out = new ArrayList<>();
        walk(pointer, legacy, candidate, out);
        return out;
    }

    private boolean sameValue(String pointer, JsonNode legacy, JsonNode candidate) {
        if (legacy.isNumber() && candidate.isNumber()) {
            BigDecimal a = legacy.decimalValue();
            BigDecimal b = candidate.decimalValue();
            CompareRules.Tolerance tolerance = rules.toleranceAt(pointer);
            if (tolerance != null) {
                double delta = a.subtract(b).abs().doubleValue();
                double larger = Math.max(a.abs().doubleValue(), b.abs().doubleValue());
                return delta <= tolerance.absolute() || delta <= tolerance.relative() * larger;
            }
            if (rules.numbersByValue()) {
                return a.compareTo(b) == 0;
            }
        }
        // Exact: the same JSON text, so 1.0 and 1 differ unless a rule says otherwise.
        return legacy.equals(candidate);
    }

    private Difference difference(Difference.Kind kind, String pointer, JsonNode legacy, JsonNode candidate) {
        int max = rules.maxValueChars();
        return new Difference(kind, pointer.isEmpty() ? "/" : pointer,
                legacy == null ? null : Difference.truncate(legacy.toString(), max),
                candidate == null ? null : Difference.truncate(candidate.toString(), max));
    }

    static String escape(String fieldName) {
        return fieldName.replace("~", "~0").replace("/", "~1");
    }
}
