package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.JavaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A proxy process that can't start says why and exits; it never hangs with its event loop blocked. */
class StartFailureIT {

  @TempDir
  Path dir;

  @Test
  void aRouteTableRefusedAtStartEndsTheProcessWithExitCode1() throws IOException {
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: [http://127.0.0.1:9]}
        routes:
          - id: cached
            match: {path: /cached/**}
            target: legacy
            cache: {ttl: 60s}
        """);
    Map<String, String> env = Map.of("STRANGLER_ROUTES_FILE", routes.toString(),
        "STRANGLER_LEGACY_URL", "http://127.0.0.1:9", "STRANGLER_PUBLIC_HOST", "127.0.0.1",
        "STRANGLER_PUBLIC_PORT", Integer.toString(freePort()), "STRANGLER_EVENT_LOOPS", "1");
    try (JavaProcess proxy = JavaProcess.startClass("start-failure", System.getProperty("java.class.path"),
        Main.class.getName(), env, List.of(), dir.resolve("logs"))) {
      int exit = proxy.awaitExit(Duration.ofSeconds(30));

      assertThat(exit).isEqualTo(1);
      assertThat(proxy.logTail(20)).contains("strangler proxy failed to start: invalid route table: route cached.cache: only for safe routes")
          .doesNotContain("Thread blocked");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
