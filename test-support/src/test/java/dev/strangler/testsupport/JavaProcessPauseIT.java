package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process the test started can be paused (SIGSTOP: alive, silent) and continued (SIGCONT), then stopped as usual. */
class JavaProcessPauseIT {

  @Test
  void aPausedProcessAnswersNothingUntilItIsResumed() throws Exception {
    int port = FreePort.find();
    String url = "http://127.0.0.1:" + port + "/";
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(700)).build();
    try (JavaProcess server = JavaProcess.startClass("ping-server", System.getProperty("java.class.path"),
        PingServer.class.getName(), Map.of(), List.of(String.valueOf(port)), Path.of("target", "process-logs"))) {
      server.awaitReady(url, Duration.ofSeconds(20));

      server.pause();

      assertThat(server.isAlive()).isTrue();
      assertThatThrownBy(() -> client.send(ping, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

      server.resume();

      assertThat(client.send(ping, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("pong");
      server.pause();
      assertThat(server.stop(Duration.ofSeconds(10))).as("a paused process still ends on SIGTERM").isEqualTo(143);
      assertThat(server.isAlive()).isFalse();
    }
  }
}
