package dev.strangler.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.playbook.Check.Status;
import dev.strangler.cli.playbook.Verdict.Outcome;
import dev.strangler.playbook.Gate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateEvaluationTest {

    private static final long MIN_SAMPLE = 100;

    private static GateNumbers shadow(long sample, Double mismatch, Double errorDelta, Double p99Delta) {
        return new GateNumbers(GateNumbers.SHADOW, sample, mismatch, errorDelta, p99Delta, Map.of());
    }

    private static GateNumbers traffic(long sample, Double errorDelta, Double p99Delta) {
        return new GateNumbers(GateNumbers.TRAFFIC, sample, null, errorDelta, p99Delta, Map.of());
    }

    private static Verdict soaked(Gate gate, GateNumbers numbers) {
        return GateEvaluation.evaluate(gate, numbers, MIN_SAMPLE, List.of(), true);
    }

    private static Status status(Verdict verdict, String limit) {
        return verdict.checks().stream().filter(c -> c.limit().equals(limit)).findFirst().orElseThrow().status();
    }

    @Test
    void aGateWithNoLimitsPassesOnceSoakedWhateverTheFigures() {
        assertThat(soaked(Gate.NONE, traffic(0, null, null)).outcome()).isEqualTo(Outcome.PASSED);
        assertThat(soaked(Gate.NONE, traffic(0, null, null)).checks()).isEmpty();
        assertThat(GateEvaluation.evaluate(Gate.NONE, traffic(0, null, null), MIN_SAMPLE, List.of(), false).outcome())
                .isEqualTo(Outcome.SOAKING);
    }

    @Test
    void aMismatchRateOverItsMaxWithEnoughComparisonsIsABreachEvenWhileSoaking() {
        Gate gate = new Gate(50L, 0.01, null, null, null, null);

        Verdict verdict = GateEvaluation.evaluate(gate, shadow(50, 0.02, 0.0, 0.0), MIN_SAMPLE, List.of(), false);

        assertThat(verdict.outcome()).isEqualTo(Outcome.BREACHED);
        assertThat(status(verdict, "maxMismatchRate")).isEqualTo(Status.OVER);
        assertThat(verdict.describe(Status.OVER)).isEqualTo("maxMismatchRate 2.00% > 1.00%");
    }

    @Test
    void anErrorRateDeltaOverItsMaxIsABreach() {
        Verdict verdict = soaked(new Gate(10L, null, 0.001, null, null, null), traffic(10, 0.5, null));

        assertThat(verdict.outcome()).isEqualTo(Outcome.BREACHED);
        assertThat(status(verdict, "maxErrorRateDelta")).isEqualTo(Status.OVER);
    }

    @Test
    void aP99DeltaOverItsMaxIsABreachAndOneAtItsMaxHolds() {
        Gate gate = new Gate(10L, null, null, 50L, null, null);

        assertThat(soaked(gate, traffic(10, 0.0, 50.5)).outcome()).isEqualTo(Outcome.BREACHED);
        assertThat(soaked(gate, traffic(10, 0.0, 50.0)).outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void tooFewSamplesNeverBreachAndKeepTheSoakedGatePending() {
        Gate gate = new Gate(500L, 0.001, 0.001, 50L, null, null);

        Verdict verdict = soaked(gate, shadow(99, 1.0, 1.0, 999.0));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(verdict.checks()).extracting(Check::status).containsOnly(Status.WAITING);
        assertThat(verdict.checks().get(1).note()).isEqualTo("99 of 100 samples");
    }

    @Test
    void aBreachIsJudgedFromTheSmallerOfMinComparedRequestsAndTheMinimumSample() {
        Gate small = new Gate(5L, null, 0.01, null, null, null);
        Gate unset = new Gate(null, null, 0.01, null, null, null);

        assertThat(soaked(small, traffic(5, 0.2, null)).outcome()).isEqualTo(Outcome.BREACHED);
        assertThat(soaked(unset, traffic(99, 0.2, null)).outcome()).isEqualTo(Outcome.PENDING);
        assertThat(soaked(unset, traffic(100, 0.2, null)).outcome()).isEqualTo(Outcome.BREACHED);
    }

    @Test
    void theSoakedGatePassesOnlyOnceMinComparedRequestsIsReached() {
        Gate gate = new Gate(500L, 0.01, null, null, null, null);

        Verdict short_ = soaked(gate, shadow(200, 0.0, 0.0, 0.0));
        Verdict enough = soaked(gate, shadow(500, 0.0, 0.0, 0.0));

        assertThat(short_.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(status(short_, "minComparedRequests")).isEqualTo(Status.WAITING);
        assertThat(status(short_, "maxMismatchRate")).isEqualTo(Status.HELD);
        assertThat(enough.outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void aMismatchRateIsNotCheckedOutsideAShadowStepAndAMissingFigureDoesNotBlock() {
        Gate gate = new Gate(10L, 0.01, null, 50L, null, null);

        Verdict verdict = soaked(gate, traffic(10, 0.0, null));

        assertThat(status(verdict, "maxMismatchRate")).isEqualTo(Status.NOT_CHECKED);
        assertThat(status(verdict, "maxP99DeltaMillis")).isEqualTo(Status.NOT_CHECKED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void aFailedReportBlocksTheSoakedGateButNeverCountsAsABreach() {
        Gate gate = new Gate(null, null, null, null, true, null);
        Check failed = new Check("requirePassingReplay", 0.2, null, Status.FAILED, "did not pass");

        assertThat(GateEvaluation.evaluate(gate, shadow(0, null, null, null), MIN_SAMPLE, List.of(failed), false).outcome())
                .isEqualTo(Outcome.SOAKING);
        assertThat(GateEvaluation.evaluate(gate, shadow(0, null, null, null), MIN_SAMPLE, List.of(failed), true).outcome())
                .isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aBreachWinsOverEverythingElse() {
        Gate gate = new Gate(1000L, null, 0.01, null, true, null);
        Check failed = new Check("requirePassingReplay", null, null, Status.FAILED, "no --replay-report given");

        Verdict verdict = GateEvaluation.evaluate(gate, traffic(100, 0.5, null), MIN_SAMPLE, List.of(failed), true);

        assertThat(verdict.outcome()).isEqualTo(Outcome.BREACHED);
        assertThat(verdict.toJson().path("outcome").asText()).isEqualTo("breached");
        assertThat(verdict.toJson().path("checks")).hasSize(3);
    }
}
