package dev.strangler.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.difflib.patch.AbstractDelta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Compares two decoded bodies of one kind; noise is given as learned JSON pointers or legacy line numbers. */
final class BodyComparator {

    // Floats as BigDecimal: a double would make 0.1 + 0.2 style noise of its own and lose 1.0 vs 1.00.
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** The differences, and how many were dropped as noise. */
    record Result(List<Difference> differences, int noise) {}

    private final CompareRules rules;

    BodyComparator(CompareRules rules) {
        this.rules = rules;
    }

    Result compare(BodyKind kind, byte[] legacy, byte[] candidate, Set<String> learnedPointers, BitSet learnedLines) {
        return switch (kind) {
            case JSON -> json(legacy, candidate, learnedPointers, learnedLines);
            case HTML, TEXT -> text(legacy, candidate, learnedLines);
            case BINARY -> new Result(digest(legacy, candidate), 0);
        };
    }

    /** The pointers where two legacy JSON answers differ, or null when one of them is not JSON. */
    Set<String> learnPointers(byte[] legacy, byte[] legacyAgain) {
        JsonNode a = parse(legacy);
        JsonNode b = parse(legacyAgain);
        if (a == null || b == null) {
            return null;
        }
        return Set.copyOf(new JsonDiff(rules, this::ignored).diff(a, b).stream().map(Difference::path).toList());
    }

    /** The legacy lines (from 0) where two legacy text answers differ. */
    BitSet learnLines(byte[] legacy, byte[] legacyAgain) {
        return TextDiff.touchedLines(TextDiff.deltas(text(legacy), text(legacyAgain), rules.maxLineEdits()));
    }

    private Result json(byte[] legacy, byte[] candidate, Set<String> learnedPointers, BitSet learnedLines) {
        JsonNode a = parse(legacy);
        JsonNode b = parse(candidate);
        if (a == null || b == null) {
            // Not JSON after all (an error page under a JSON type): the lines still say what differs.
            return text(legacy, candidate, learnedLines);
        }
        JsonDiff diff = new JsonDiff(rules, pointer -> ignored(pointer) || learnedPointers.contains(pointer));
        List<Difference> differences = diff.diff(a, b);
        return new Result(differences, diff.noiseCount());
    }

    private Result text(byte[] legacy, byte[] candidate, BitSet learnedLines) {
        List<AbstractDelta<String>> deltas = TextDiff.deltas(text(legacy), text(candidate), rules.maxLineEdits());
        return TextDiff.differences(deltas, learnedLines, rules.maxValueChars());
    }

    private List<Difference> digest(byte[] legacy, byte[] candidate) {
        String a = sha256(legacy);
        String b = sha256(candidate);
        return a.equals(b) ? List.of()
                : List.of(new Difference(Difference.Kind.DIGEST, "body", "sha256:" + a, "sha256:" + b));
    }

    private boolean ignored(String pointer) {
        return PointerPattern.anyMatches(rules.ignore(), pointer);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
