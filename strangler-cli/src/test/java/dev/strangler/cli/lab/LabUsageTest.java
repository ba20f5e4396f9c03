package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lab's commands refuse what they can't do before touching any process. */
class LabUsageTest {

    @TempDir
    Path dir;

    private static String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        assertThat(line.execute(args)).as("%s%s", out, err).isEqualTo(expectedExit);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void labAloneAsksForACommand() {
        assertThat(run(ExitCodes.USAGE, "lab")[1]).contains("give a command: up, down, status or logs");
    }

    @Test
    void logsOfAnUnknownProcessNamesTheLabsProcesses() {
        assertThat(run(ExitCodes.USAGE, "lab", "logs", "nope", "--no-follow", "--root", LabPlanTest.REPOSITORY.toString(),
                "--state", dir.toString())[1])
                .contains("no process 'nope'; the lab's: legacy-monolith, outbox-relay, strangler-proxy-1, strangler-proxy-2");
    }

    @Test
    void aRootWithoutTheTopologyIsAUsageError() {
        assertThat(run(ExitCodes.USAGE, "lab", "status", "--root", dir.toString())[1]).contains("holds no ops/topology.yaml");
    }

    @Test
    void statusOfALabNeverStartedShowsEveryProcessDownAndTheUrls() {
        String out = run(ExitCodes.OK, "lab", "status", "--root", LabPlanTest.REPOSITORY.toString(), "--state", dir.toString())[0];

        assertThat(out).containsPattern("(?m)^strangler-proxy-2\\s+down\\s+-\\s+8088, admin 8091\\s")
                .contains("strangler-proxy-1    public     http://127.0.0.1:8080",
                        "strangler-proxy-2    admin      http://127.0.0.1:8091/admin",
                        "strangler-proxy-1    dashboard  http://127.0.0.1:8090/admin/dashboard");
    }

    @Test
    void downOfALabNeverStartedStopsNothing() {
        assertThat(run(ExitCodes.OK, "lab", "down", "--root", LabPlanTest.REPOSITORY.toString(), "--state", dir.toString())[0])
                .contains("lab: nothing was running");
    }
}
