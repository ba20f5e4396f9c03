package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.replay.ReplayResult.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theBarIsRedrawnInPlaceAndEndsFullWithTheCounts() {
        StringWriter out = new StringWriter();
        Progress progress = Progress.drawingTo(4, new PrintWriter(out));

        progress.step(Status.MATCHED);
        progress.step(Status.MISMATCHED);
        progress.step(Status.SKIPPED);
        progress.step(Status.ERROR);
        progress.finish();

        assertThat(out.toString()).startsWith("\r[" + "#".repeat(7) + " ".repeat(23) + "] 1/4  mismatched 0")
                .endsWith("\r[" + "#".repeat(30) + "] 4/4  mismatched 1  skipped 1  errors 1" + System.lineSeparator());
    }

    @Test
    void withoutATerminalNothingIsDrawn() {
        StringWriter out = new StringWriter();
        Progress progress = Progress.onStderr(2, false, new PrintWriter(out));

        progress.step(Status.MATCHED);
        progress.finish();

        assertThat(out.toString()).isEmpty();
    }
}
