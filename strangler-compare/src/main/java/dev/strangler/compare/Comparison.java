package dev.strangler.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of comparing legacy with the candidate.
 *
 * @param outcome          MATCH, MISMATCH or SKIPPED
 * @param mismatches       unexpected differences, at most the rules' {@code maxDifferences}
 * @param mismatchCount    every unexpected difference found, listed or not
 * @param expected         differences declared expected (bounded like mismatches)
 * @param noise            how many differences were dropped as noise (ignored or learned)
 * @param skipReason       why the body was not compared (SKIPPED only), else null
 */
public record Comparison(Outcome outcome, List<Difference> mismatches, int mismatchCount,
                         List<Difference> expected, int noise, String skipReason) {

    /** The verdict. */
    public enum Outcome {
        /** No unexpected difference. */
        MATCH,
        /** At least one unexpected difference. */
        MISMATCH,
        /** Not compared, or not in full: see the reason. */
        SKIPPED
    }

    public Comparison {
        Objects.requireNonNull(outcome, "outcome == null");
        mismatches = List.copyOf(mismatches);
        expected = List.copyOf(expected);
    }

    /** The verdict on what was found: expected differences apart, each list cut to the rules' bound. */
    static Comparison of(CompareRules rules, List<Difference> found, int noise, String skipReason) {
        List<Difference> mismatches = new ArrayList<>();
        List<Difference> expected = new ArrayList<>();
        for (Difference difference : found) {
            (Expected.isExpected(rules.expect(), difference) ? expected : mismatches).add(difference);
        }
        int max = rules.maxDifferences();
        Outcome outcome = !mismatches.isEmpty() ? Outcome.MISMATCH
                : skipReason != null ? Outcome.SKIPPED
                : Outcome.MATCH;
        return new Comparison(outcome, mismatches.subList(0, Math.min(max, mismatches.size())), mismatches.size(),
                expected.subList(0, Math.min(max, expected.size())), noise, skipReason);
    }

    public boolean matches() {
        return outcome == Outcome.MATCH;
    }

    /** One line for logs: the outcome and the first differences. */
    @Override
    public String toString() {
        return switch (outcome) {
            case MATCH -> "MATCH" + (expected.isEmpty() ? "" : " (" + expected.size() + " expected)");
            case SKIPPED -> "SKIPPED: " + skipReason;
            case MISMATCH -> "MISMATCH (" + mismatchCount + "): " + mismatches;
        };
    }
}
