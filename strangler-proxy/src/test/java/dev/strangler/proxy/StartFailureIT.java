package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.FreePort;
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

  /** Netty's switch that makes every native transport (epoll, io_uring) report itself unavailable. */
  private static final String NO_NATIVE = "-Dio.netty.transport.noNative=true";

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

    assertThat(logOnExit(1, "start-failure", env))
        .contains("strangler proxy failed to start: invalid route table: route cached.cache: only for safe routes")
        .doesNotContain("Thread blocked");
  }

  @Test
  void aTransportNamedButUnableToRunHereEndsTheProcessWithExitCode2AndTheReason() {
    Map<String, String> env = Map.of("STRANGLER_TRANSPORT", "io_uring", "JDK_JAVA_OPTIONS", NO_NATIVE,
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", Integer.toString(FreePort.find()));

    assertThat(logOnExit(2, "transport-unavailable", env)).contains("config: STRANGLER_TRANSPORT io_uring can't run here: ")
        .contains("noNative");
  }

  @Test
  void tlsFilesThatCannotServeEndTheProcessWithExitCode2AndWhy() throws IOException {
    Path cert = Files.writeString(dir.resolve("proxy.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    Path key = Files.writeString(dir.resolve("proxy.key"), "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
    Map<String, String> env = Map.of("STRANGLER_PUBLIC_TLS_CERT_FILE", cert.toString(), "STRANGLER_PUBLIC_TLS_KEY_FILE",
        key.toString(), "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", Integer.toString(FreePort.find()));

    assertThat(logOnExit(2, "tls-unusable", env))
        .contains("config: STRANGLER_PUBLIC_TLS_CERT_FILE/STRANGLER_PUBLIC_TLS_KEY_FILE: can't use " + cert + " with " + key);
  }

  @Test
  void anAdminClientCaFileWithoutCertificatesEndsTheProcessWithExitCode2() throws IOException {
    Path ca = Files.writeString(dir.resolve("clients-ca.pem"), "not a certificate\n");
    try (dev.strangler.testsupport.TestCertificates certs = dev.strangler.testsupport.TestCertificates.create()) {
      Map<String, String> env = Map.of("STRANGLER_ADMIN_TOKEN", "writer-token-0123456789", "STRANGLER_ADMIN_PORT", "0",
          "STRANGLER_ADMIN_TLS_CERT_FILE", certs.serverCert().toString(), "STRANGLER_ADMIN_TLS_KEY_FILE", certs.serverKey().toString(),
          "STRANGLER_ADMIN_TLS_CLIENT_CA_FILE", ca.toString(),
          "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", Integer.toString(FreePort.find()));

      assertThat(logOnExit(2, "admin-client-ca-unusable", env)).contains("config: STRANGLER_ADMIN_TLS_CERT_FILE/STRANGLER_ADMIN_TLS_KEY_FILE/"
          + "STRANGLER_ADMIN_TLS_CLIENT_CA_FILE: " + ca + " holds no certificate");
    }
  }

  @Test
  void aBackendCaFileWithoutCertificatesEndsTheProcessWithExitCode2() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    Map<String, String> env = Map.of("STRANGLER_BACKEND_CA_FILE", ca.toString(),
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", Integer.toString(FreePort.find()));

    assertThat(logOnExit(2, "backend-ca-unusable", env)).contains("config: STRANGLER_BACKEND_CA_FILE: can't trust " + ca);
  }

  @Test
  void autoFallsBackToNioWhenEpollCantLoadAndSaysWhy() {
    int port = FreePort.find();
    Map<String, String> env = Map.of("JDK_JAVA_OPTIONS", NO_NATIVE, "STRANGLER_LEGACY_URL", "http://127.0.0.1:9",
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", Integer.toString(port), "STRANGLER_EVENT_LOOPS", "1");
    try (JavaProcess proxy = proxy("transport-auto-nio", env)) {
      proxy.awaitLogLine("event loop transport: nio (auto: epoll unavailable: ", Duration.ofSeconds(30));
      proxy.awaitLogLine("listening on 127.0.0.1:" + port + " ", Duration.ofSeconds(30));

      assertThat(proxy.isAlive()).isTrue();
    }
  }

  /** Runs the proxy until it exits, checks the exit code and gives the end of its log. */
  private String logOnExit(int expectedExit, String name, Map<String, String> env) {
    try (JavaProcess proxy = proxy(name, env)) {
      int exit = proxy.awaitExit(Duration.ofSeconds(30));
      String log = proxy.logTail(20);
      assertThat(exit).as("exit code; log ends:%n%s", log).isEqualTo(expectedExit);
      return log;
    }
  }

  /** The proxy's main class as its own process, on this test's class path (the native transports included). */
  private JavaProcess proxy(String name, Map<String, String> env) {
    return JavaProcess.startClass(name, System.getProperty("java.class.path"), Main.class.getName(), env, List.of(),
        dir.resolve("logs"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
