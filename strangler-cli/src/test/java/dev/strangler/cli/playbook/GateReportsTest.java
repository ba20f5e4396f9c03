package dev.strangler.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.playbook.Check.Status;
import dev.strangler.playbook.Gate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateReportsTest {

    private static final Gate REPLAY = new Gate(null, null, null, null, true, null);
    private static final Gate DRIFT = new Gate(null, null, null, null, null, 0L);

    @TempDir
    Path dir;

    @Test
    void aGateWithoutReportLimitsReadsNoFile() {
        assertThat(new GateReports(dir.resolve("none.json"), null).checks(Gate.NONE)).isEmpty();
    }

    @Test
    void aPassedReplayHoldsAndAFailedOneFails() throws Exception {
        Path passed = Files.writeString(dir.resolve("passed.json"), "{\"passed\": true, \"mismatchRate\": 0.0}");
        Path failed = Files.writeString(dir.resolve("failed.json"), "{\"passed\": false, \"mismatchRate\": 0.25}");

        Check ok = new GateReports(passed, null).checks(REPLAY).getFirst();
        Check no = new GateReports(failed, null).checks(REPLAY).getFirst();

        assertThat(ok.status()).isEqualTo(Status.HELD);
        assertThat(no.status()).isEqualTo(Status.FAILED);
        assertThat(no.note()).contains("did not pass").contains("25.00%");
    }

    @Test
    void aMissingOrForeignReplayReportFails() throws Exception {
        Path foreign = Files.writeString(dir.resolve("foreign.json"), "{\"drift\": 0}");

        assertThat(new GateReports(null, null).checks(REPLAY).getFirst().note()).isEqualTo("no --replay-report given");
        assertThat(new GateReports(dir.resolve("absent.json"), null).checks(REPLAY).getFirst().status()).isEqualTo(Status.FAILED);
        assertThat(new GateReports(foreign, null).checks(REPLAY).getFirst().note()).contains("is not the JSON result of strangler replay");
    }

    @Test
    void driftWithinMaxHoldsOverItFailsAndWithoutAReportIsNotCheckable() throws Exception {
        Path clean = Files.writeString(dir.resolve("clean.json"), "{\"drift\": 0, \"maxDrift\": 0, \"passed\": true}");
        Path drifted = Files.writeString(dir.resolve("drifted.json"), "{\"drift\": 3, \"maxDrift\": 5, \"passed\": true}");

        assertThat(new GateReports(null, clean).checks(DRIFT).getFirst().status()).isEqualTo(Status.HELD);
        Check over = new GateReports(null, drifted).checks(DRIFT).getFirst();
        assertThat(over.status()).isEqualTo(Status.FAILED);
        assertThat(over.value()).isEqualTo(3.0);
        Check none = new GateReports(null, null).checks(DRIFT).getFirst();
        assertThat(none.status()).isEqualTo(Status.NOT_CHECKED);
        assertThat(none.note()).contains("not checkable");
    }
}
