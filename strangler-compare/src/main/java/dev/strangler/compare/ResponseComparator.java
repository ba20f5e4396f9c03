package dev.strangler.compare;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a legacy response with a candidate's under one route's {@link CompareRules}: status, the allowed
 * headers, then the decoded body by its kind. Stateless and thread-safe; pure (no I/O).
 */
public final class ResponseComparator {

    private final CompareRules rules;

    public ResponseComparator(CompareRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules == null");
    }

    public Comparison compare(Response legacy, Response candidate) {
        return compare(Exchange.of("-", legacy, candidate));
    }

    /** With a second legacy answer in the exchange, whatever differs between the two legacy ones is noise. */
    public Comparison compare(Exchange exchange) {
        Response legacy = exchange.legacy();
        Response candidate = exchange.candidate();
        Noise noise = exchange.legacyAgain().map(again -> learn(legacy, again)).orElse(Noise.NONE);
        Findings findings = new Findings(noise);
        if (legacy.status() != candidate.status()) {
            findings.add(new Difference(Difference.Kind.STATUS, "status",
                    String.valueOf(legacy.status()), String.valueOf(candidate.status())));
        }
        for (String header : rules.comparedHeaders()) {
            String a = headerValue(legacy, header);
            String b = headerValue(candidate, header);
            if (!Objects.equals(a, b)) {
                findings.add(new Difference(Difference.Kind.HEADER, "header:" + header,
                        Difference.truncate(a, rules.maxValueChars()), Difference.truncate(b, rules.maxValueChars())));
            }
        }
        String skipReason = compareBodies(legacy, candidate, findings);
        return Comparison.of(rules, findings.found, findings.noise, skipReason);
    }

    /**
     * What differs between two legacy answers to the same request: {@code status}, {@code header:<name>},
     * JSON pointers, or {@code line:<n>}. Accumulate these per route with {@link LearnedNoise}.
     */
    public Set<String> learnNoise(Response legacy, Response legacyAgain) {
        Noise noise = learn(legacy, legacyAgain);
        Set<String> all = new HashSet<>(noise.paths());
        noise.lines().stream().forEach(line -> all.add("line:" + (line + 1)));
        return all;
    }

    private Noise learn(Response legacy, Response again) {
        Set<String> paths = new HashSet<>();
        if (legacy.status() != again.status()) {
            paths.add("status");
        }
        for (String header : rules.comparedHeaders()) {
            if (!Objects.equals(headerValue(legacy, header), headerValue(again, header))) {
                paths.add("header:" + header);
            }
        }
        BodyDecoder.Decoded a = BodyDecoder.decode(legacy, rules.maxBodyBytes());
        BodyDecoder.Decoded b = BodyDecoder.decode(again, rules.maxBodyBytes());
        BitSet lines = new BitSet();
        BodyKind kind = BodyKind.of(legacy.header("content-type"));
        if (a.ok() && b.ok() && kind == BodyKind.of(again.header("content-type"))) {
            BodyComparator bodies = new BodyComparator(rules);
            Set<String> pointers = kind == BodyKind.JSON ? bodies.learnPointers(a.body(), b.body()) : null;
            if (pointers != null) {
                paths.addAll(pointers);
            } else if (kind != BodyKind.BINARY) {
                // Text, or a JSON-typed body that does not parse and so is compared as text.
                lines = bodies.learnLines(a.body(), b.body());
            }
        }
        return new Noise(paths, lines);
    }

    private String compareBodies(Response legacy, Response candidate, Findings findings) {
        BodyKind legacyKind = BodyKind.of(legacy.header("content-type"));
        BodyKind candidateKind = BodyKind.of(candidate.header("content-type"));
        if (legacy.body().length == 0 && candidate.body().length == 0) {
            return null;
        }
        if (legacyKind != candidateKind && rules.skipIncomparableTypes()) {
            return "bodies not comparable: legacy " + legacyKind + " (" + legacy.header("content-type")
                    + "), candidate " + candidateKind + " (" + candidate.header("content-type") + ")";
        }
        BodyDecoder.Decoded a = BodyDecoder.decode(legacy, rules.maxBodyBytes());
        if (!a.ok()) {
            return "legacy body: " + a.failure();
        }
        BodyDecoder.Decoded b = BodyDecoder.decode(candidate, rules.maxBodyBytes());
        if (!b.ok()) {
            return "candidate body: " + b.failure();
        }
        BodyKind kind = legacyKind == candidateKind ? legacyKind : BodyKind.BINARY;
        BodyComparator.Result result = new BodyComparator(rules)
                .compare(kind, a.body(), b.body(), findings.learned.paths(), findings.learned.lines());
        findings.found.addAll(result.differences());
        findings.noise += result.noise();
        return null;
    }

    private static String headerValue(Response response, String header) {
        List<String> values = response.headers(header);
        if (values.isEmpty()) {
            return null;
        }
        String value = String.join(", ", values);
        return header.equals("content-type") ? contentType(value) : value;
    }

    /**
     * Content types that say the same thing compare equal: case and spaces aside, and JSON's charset dropped
     * (RFC 8259 defines no charset parameter: JSON is UTF-8, so Spring's {@code ;charset=UTF-8} adds nothing).
     */
    static String contentType(String value) {
        String normal = value.toLowerCase(Locale.ROOT).replace(" ", "");
        return BodyKind.of(normal) == BodyKind.JSON ? normal.replace(";charset=utf-8", "") : normal;
    }

    /** The differences of one comparison so far; status and header differences learned as noise are counted, not kept. */
    private static final class Findings {
        final Noise learned;
        final List<Difference> found = new ArrayList<>();
        int noise;

        Findings(Noise learned) {
            this.learned = learned;
        }

        void add(Difference difference) {
            if (learned.paths().contains(difference.path())) {
                noise++;
            } else {
                found.add(difference);
            }
        }
    }

    /** Learned noise for one comparison: paths (status, headers, pointers) and legacy line numbers (from 0). */
    private record Noise(Set<String> paths, BitSet lines) {
        static final Noise NONE = new Noise(Set.of(), new BitSet());
    }
}
