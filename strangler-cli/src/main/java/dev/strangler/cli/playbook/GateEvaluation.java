package dev.strangler.cli.playbook;

import dev.strangler.cli.playbook.Check.Status;
import dev.strangler.cli.playbook.Verdict.Outcome;
import dev.strangler.playbook.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a gate reading. A live limit (mismatch rate, error-rate delta, p99 delta) is judged only once the sample
 * reaches {@code min(minComparedRequests, minSample)} ({@code minSample} alone when the gate sets no minimum); over it
 * then, it is a breach at any time, during the soak too. After the soak the gate passes when the minimum of requests is
 * reached and every limit is held or can't be checked; a report the gate needs that says no blocks it.
 */
final class GateEvaluation {

    private GateEvaluation() {}

    /**
     * @param reports the checks of the reports the gate needs (replay, drift), from {@link GateReports}
     * @param soaked  whether the step's soak time is over
     */
    static Verdict evaluate(Gate gate, GateNumbers numbers, long minSample, List<Check> reports, boolean soaked) {
        List<Check> checks = new ArrayList<>();
        long judgeFrom = gate.minComparedRequests() == null ? minSample : Math.min(gate.minComparedRequests(), minSample);
        if (gate.minComparedRequests() != null) {
            boolean enough = numbers.sample() >= gate.minComparedRequests();
            checks.add(new Check("minComparedRequests", (double) numbers.sample(), (double) gate.minComparedRequests(),
                    enough ? Status.HELD : Status.WAITING, enough ? null : "not yet " + numbers.source() + " samples enough"));
        }
        if (gate.maxMismatchRate() != null) {
            checks.add(numbers.compares()
                    ? live("maxMismatchRate", numbers.mismatchRate(), gate.maxMismatchRate(), numbers.sample(), judgeFrom)
                    : new Check("maxMismatchRate", null, gate.maxMismatchRate(), Status.NOT_CHECKED,
                            "no comparisons in a step that is not shadow"));
        }
        if (gate.maxErrorRateDelta() != null) {
            checks.add(live("maxErrorRateDelta", numbers.errorRateDelta(), gate.maxErrorRateDelta(), numbers.sample(), judgeFrom));
        }
        if (gate.maxP99DeltaMillis() != null) {
            checks.add(live("maxP99DeltaMillis", numbers.p99DeltaMillis(), gate.maxP99DeltaMillis().doubleValue(),
                    numbers.sample(), judgeFrom));
        }
        checks.addAll(reports);
        return new Verdict(outcome(checks, soaked), checks);
    }

    private static Check live(String limit, Double value, double max, long sample, long judgeFrom) {
        if (sample < judgeFrom) {
            return new Check(limit, value, max, Status.WAITING, sample + " of " + judgeFrom + " samples");
        }
        if (value == null) {
            return new Check(limit, null, max, Status.NOT_CHECKED, "no figures on both sides to compare");
        }
        return new Check(limit, value, max, value > max ? Status.OVER : Status.HELD, null);
    }

    private static Outcome outcome(List<Check> checks, boolean soaked) {
        if (checks.stream().anyMatch(c -> c.status() == Status.OVER)) {
            return Outcome.BREACHED;
        }
        if (!soaked) {
            return Outcome.SOAKING;
        }
        if (checks.stream().anyMatch(c -> c.status() == Status.FAILED)) {
            return Outcome.BLOCKED;
        }
        return checks.stream().anyMatch(c -> c.status() == Status.WAITING) ? Outcome.PENDING : Outcome.PASSED;
    }
}
