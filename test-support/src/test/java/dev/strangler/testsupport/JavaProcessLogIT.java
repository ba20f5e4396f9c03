package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process's log is appended to per name; what a test waits for is what this run wrote, not an earlier one. */
class JavaProcessLogIT {

  @TempDir
  Path logs;

  @Test
  void anEarlierRunsReadinessLineDoesNotMakeTheNextRunReady() throws Exception {
    String classpath = System.getProperty("java.class.path");
    try (JavaProcess first = JavaProcess.startClass("ping", classpath, PingServer.class.getName(), Map.of(),
        List.of(String.valueOf(FreePort.find())), logs)) {
      first.awaitLogLine(PingServer.LISTENING, Duration.ofSeconds(20));
    }

    // The same name again, a run that never gets to listen: not a port, so it fails and exits.
    try (JavaProcess second = JavaProcess.startClass("ping", classpath, PingServer.class.getName(), Map.of(),
        List.of("not-a-port"), logs)) {
      assertThatThrownBy(() -> second.awaitLogLine(PingServer.LISTENING, Duration.ofSeconds(20)))
          .hasMessageStartingWith("ping never logged")
          .hasRootCauseMessage("ping exited with 1");
      assertThat(Files.readString(logs.resolve("ping.log"))).as("both runs' output, one after the other")
          .contains(PingServer.LISTENING).contains("NumberFormatException");
      assertThat(second.logTail(40)).contains("NumberFormatException").doesNotContain(PingServer.LISTENING);
    }
  }
}
