package dev.strangler.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Pointer with wildcards: {@code *} stands for exactly one segment (an array index or a field name),
 * {@code **} for any number of segments. {@code /items/*}{@code /updatedAt} matches every item's.
 */
public record PointerPattern(String text, List<String> segments) {

    /** Compiles a pattern; throws IllegalArgumentException saying what is wrong. */
    public static PointerPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a pointer pattern must not be empty (the whole document is \"/**\")");
        }
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("pointer pattern '" + text + "' must start with '/'");
        }
        return new PointerPattern(text, split(text));
    }

    /** The unescaped segments of a JSON Pointer ({@code ~1} is '/', {@code ~0} is '~'). */
    static List<String> split(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    public boolean matches(String pointer) {
        return matches(segments, 0, split(pointer), 0);
    }

    private static boolean matches(List<String> pattern, int p, List<String> path, int i) {
        if (p == pattern.size()) {
            return i == path.size();
        }
        String segment = pattern.get(p);
        if (segment.equals("**")) {
            for (int skip = i; skip <= path.size(); skip++) {
                if (matches(pattern, p + 1, path, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (i == path.size()) {
            return false;
        }
        return (segment.equals("*") || segment.equals(path.get(i))) && matches(pattern, p + 1, path, i + 1);
    }

    static boolean anyMatches(List<PointerPattern> patterns, String pointer) {
        for (PointerPattern pattern : patterns) {
            if (pattern.matches(pointer)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
