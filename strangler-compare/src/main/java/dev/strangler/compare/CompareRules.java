package dev.strangler.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one route's responses are compared: which headers, what is noise, how arrays and numbers compare,
 * which differences are expected, and the bounds. Data: read from YAML/JSON by {@link CompareRulesReader}.
 *
 * @param headers        headers compared, by name (default {@link #DEFAULT_HEADERS})
 * @param ignoreHeaders  headers never compared even when listed (default none)
 * @param ignore         JSON pointer patterns whose values are noise (default none)
 * @param arraysAsSets   pointer patterns of arrays compared regardless of order (default none: in order)
 * @param arraysByKey    arrays whose elements are paired by a key field regardless of order, so a changed
 *                       element is reported field by field (default none)
 * @param numbersByValue {@code 1.0} equals {@code 1} (default {@value #DEFAULT_NUMBERS_BY_VALUE})
 * @param tolerances     numeric tolerances by pointer pattern (default none: exact)
 * @param expect         declared expected differences (default none)
 * @param maxBodyBytes   a decoded body over this is not compared (default {@value #DEFAULT_MAX_BODY_BYTES})
 * @param maxValueChars  values in a reported difference are cut to this (default {@value #DEFAULT_MAX_VALUE_CHARS})
 * @param maxDifferences differences listed at most; the count covers all (default {@value #DEFAULT_MAX_DIFFERENCES})
 * @param maxLineEdits   a text diff needing more line edits than this reports only the first differing line
 *                       (default {@value #DEFAULT_MAX_LINE_EDITS})
 * @param skipIncomparableTypes a JSON body against a non-JSON one (etc.) is SKIPPED rather than compared
 *                       by digest (default {@value #DEFAULT_SKIP_INCOMPARABLE_TYPES})
 */
public record CompareRules(
        List<String> headers,
        List<String> ignoreHeaders,
        List<PointerPattern> ignore,
        List<PointerPattern> arraysAsSets,
        List<ArrayKey> arraysByKey,
        boolean numbersByValue,
        List<Tolerance> tolerances,
        Expectations expect,
        long maxBodyBytes,
        int maxValueChars,
        int maxDifferences,
        int maxLineEdits,
        boolean skipIncomparableTypes) {

    public static final List<String> DEFAULT_HEADERS = List.of("content-type");
    public static final boolean DEFAULT_NUMBERS_BY_VALUE = false;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_VALUE_CHARS = 200;
    public static final int DEFAULT_MAX_DIFFERENCES = 20;
    public static final int DEFAULT_MAX_LINE_EDITS = 2000;
    public static final boolean DEFAULT_SKIP_INCOMPARABLE_TYPES = true;

    /** The rules when nothing is configured. */
    public static final CompareRules DEFAULTS = new CompareRules(DEFAULT_HEADERS, List.of(), List.of(), List.of(),
            List.of(), DEFAULT_NUMBERS_BY_VALUE, List.of(), Expectations.NONE, DEFAULT_MAX_BODY_BYTES,
            DEFAULT_MAX_VALUE_CHARS, DEFAULT_MAX_DIFFERENCES, DEFAULT_MAX_LINE_EDITS, DEFAULT_SKIP_INCOMPARABLE_TYPES);

    public CompareRules {
        headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        ignoreHeaders = ignoreHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        ignore = List.copyOf(ignore);
        arraysAsSets = List.copyOf(arraysAsSets);
        arraysByKey = List.copyOf(arraysByKey);
        tolerances = List.copyOf(tolerances);
        Objects.requireNonNull(expect, "expect == null");
    }

    /** These rules with more noise to ignore, e.g. {@link LearnedNoise#patterns}. */
    public CompareRules withIgnored(List<PointerPattern> more) {
        List<PointerPattern> all = new java.util.ArrayList<>(ignore);
        all.addAll(more);
        return new CompareRules(headers, ignoreHeaders, all, arraysAsSets, arraysByKey, numbersByValue, tolerances, expect,
                maxBodyBytes, maxValueChars, maxDifferences, maxLineEdits, skipIncomparableTypes);
    }

    /** The headers actually compared: the allow-list less the ignored ones. */
    public List<String> comparedHeaders() {
        return headers.stream().filter(h -> !ignoreHeaders.contains(h)).toList();
    }

    /** The tolerance for a number at this pointer, or null (the first rule that matches wins). */
    Tolerance toleranceAt(String pointer) {
        for (Tolerance tolerance : tolerances) {
            if (tolerance.path().matches(pointer)) {
                return tolerance;
            }
        }
        return null;
    }

    /** The key pointer (inside an element) of the arrays at {@code path}, or null (the first rule that matches wins). */
    String arrayKeyAt(String pointer) {
        for (ArrayKey arrayKey : arraysByKey) {
            if (arrayKey.path().matches(pointer)) {
                return arrayKey.key();
            }
        }
        return null;
    }

    /** The elements of the arrays at {@code path} are told apart by the value at JSON Pointer {@code key} in each. */
    public record ArrayKey(PointerPattern path, String key) {}

    /** Numbers at {@code path} are equal when they differ by at most {@code absolute} or by {@code relative} of the larger. */
    public record Tolerance(PointerPattern path, double absolute, double relative) {}

    /**
     * Differences the candidate is meant to have: reported as expected, never as mismatches.
     *
     * @param extra   pointer patterns the candidate adds
     * @param missing pointer patterns the candidate drops
     * @param changed pointer patterns whose value the candidate changes
     * @param headers header names whose value the candidate changes
     * @param status  legacy status to the candidate status that replaces it (e.g. 302 to 303)
     */
    public record Expectations(List<PointerPattern> extra, List<PointerPattern> missing,
                               List<PointerPattern> changed, List<String> headers, Map<Integer, Integer> status) {
        public static final Expectations NONE = new Expectations(List.of(), List.of(), List.of(), List.of(), Map.of());

        public Expectations {
            extra = List.copyOf(extra);
            missing = List.copyOf(missing);
            changed = List.copyOf(changed);
            headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            status = Map.copyOf(status);
        }
    }
}
