package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.playbook.Check.Status;
import dev.strangler.playbook.Gate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate's checks that read files, re-read at every reading (a report may be written while a step soaks):
 * {@code requirePassingReplay} needs the JSON result of {@code strangler replay} ({@code --replay-report}) to say
 * {@code passed}; {@code maxDrift} reads the JSON report of {@code strangler drift check} ({@code --drift-report}),
 * or is not checkable without one.
 *
 * @param replayReport the replay's JSON result, or null
 * @param driftReport  the drift check's JSON report, or null
 */
record GateReports(Path replayReport, Path driftReport) {

    private static final ObjectMapper JSON = new ObjectMapper();

    List<Check> checks(Gate gate) {
        List<Check> checks = new ArrayList<>();
        if (Boolean.TRUE.equals(gate.requirePassingReplay())) {
            checks.add(replay());
        }
        if (gate.maxDrift() != null) {
            checks.add(drift(gate.maxDrift()));
        }
        return checks;
    }

    private Check replay() {
        String limit = "requirePassingReplay";
        if (replayReport == null) {
            return new Check(limit, null, null, Status.FAILED, "no --replay-report given");
        }
        JsonNode report = read(replayReport);
        if (report == null || !report.path("passed").isBoolean()) {
            return new Check(limit, null, null, Status.FAILED, replayReport + " is not the JSON result of strangler replay");
        }
        Double rate = report.path("mismatchRate").isNumber() ? report.path("mismatchRate").asDouble() : null;
        String said = "the replay in " + replayReport + (report.path("passed").asBoolean() ? " passed" : " did not pass")
                + " (mismatch rate " + GateText.value("mismatchRate", rate) + ")";
        return new Check(limit, null, null, report.path("passed").asBoolean() ? Status.HELD : Status.FAILED, said);
    }

    private Check drift(long maxDrift) {
        String limit = "maxDrift";
        if (driftReport == null) {
            return new Check(limit, null, (double) maxDrift, Status.NOT_CHECKED, "not checkable: no --drift-report given");
        }
        JsonNode report = read(driftReport);
        if (report == null || !report.path("drift").isNumber()) {
            return new Check(limit, null, (double) maxDrift, Status.FAILED, driftReport + " is not the JSON report of strangler drift check");
        }
        long drift = report.path("drift").asLong();
        return new Check(limit, (double) drift, (double) maxDrift, drift <= maxDrift ? Status.HELD : Status.FAILED,
                drift <= maxDrift ? null : "drift " + drift + " over " + maxDrift + " in " + driftReport);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
