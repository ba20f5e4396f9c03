package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessLivenessTest {

    @Test
    void aRunningProcessRuns() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessLiveness.running(sleeper.toHandle())).isTrue();
            assertThat(ProcessLiveness.exited(sleeper.pid())).isFalse();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void anExitedProcessNobodyHasCollectedNoLongerRunsThoughTheJdkCallsItAlive() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux's /proc");
        // The shell starts a child, prints its pid and becomes a sleep that never collects it: killed, the child stays a
        // zombie, as a lab process does until the machine's init collects it.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & echo $!; exec sleep 30").start();
        try {
            long child = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            ProcessHandle handle = ProcessHandle.of(child).orElseThrow();
            assertThat(ProcessLiveness.running(handle)).isTrue();
            // Until the shell has become the sleep, it may collect the child itself (seen under load: 53 of 200 tries).
            Path parentName = Path.of("/proc/" + parent.pid() + "/comm");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(parentName).strip().equals("sleep"));

            handle.destroy();

            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessLiveness.exited(child));
            assertThat(handle.isAlive()).as("the JDK's view of an uncollected process").isTrue();
            assertThat(ProcessLiveness.running(handle)).isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneHasNoStateToRead() {
        assertThat(ProcessLiveness.exited(Long.MAX_VALUE)).isFalse();
    }
}
