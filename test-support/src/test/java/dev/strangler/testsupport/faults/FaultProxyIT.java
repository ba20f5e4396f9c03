package dev.strangler.testsupport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the proxy, observed by a real client of a real echo server on loopback. */
class FaultProxyIT {

  private EchoServer echo;
  private FaultProxy faults;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    faults = FaultProxy.to(echo.port());
  }

  @AfterEach
  void stop() throws IOException {
    faults.close();
    echo.close();
  }

  @Test
  void withoutFaultsBytesGoBothWaysUnchanged() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
    }
    assertThat(faults.accepted()).isEqualTo(1);
  }

  @Test
  void latencyHoldsBackEachChunkInEachDirection() throws IOException {
    faults.latency(Duration.ofMillis(300));
    try (Socket socket = connect()) {
      long start = System.nanoTime();

      assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
  }

  @Test
  void latencyCanBeGivenPerDirection() throws IOException {
    faults.latency(Duration.ZERO, Duration.ofMillis(400));
    try (Socket socket = connect()) {
      long start = System.nanoTime();

      assertThat(roundTrip(socket, "answer late")).isEqualTo("answer late");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
  }

  @Test
  void bandwidthCapsBytesPerSecond() throws IOException {
    faults.bandwidth(20_000);
    String payload = "x".repeat(10_000);
    try (Socket socket = connect()) {
      long start = System.nanoTime();

      assertThat(roundTrip(socket, payload)).isEqualTo(payload);
      // 10 000 bytes at 20 000 bytes/s take half a second in each direction (the two overlap).
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }
  }

  @Test
  void resetSendsRstOnOpenConnectionsAndOnEveryNewOne() throws IOException {
    try (Socket open = connect()) {
      roundTrip(open, "before");

      faults.reset();

      assertThatThrownBy(() -> open.getInputStream().read()).isInstanceOf(SocketException.class).hasMessageContaining("reset");
      try (Socket fresh = connect()) {
        assertThatThrownBy(() -> roundTrip(fresh, "after")).isInstanceOf(SocketException.class).hasMessageContaining("reset");
      }
    }
    assertThat(faults.accepted()).isEqualTo(2);
  }

  @Test
  void resetAfterLetsPartOfTheAnswerThroughThenResets() throws IOException {
    faults.resetAfter(1000);
    byte[] payload = new byte[5000];
    Arrays.fill(payload, (byte) 'y');
    try (Socket socket = connect()) {
      socket.getOutputStream().write(payload);
      ByteArrayOutputStream received = new ByteArrayOutputStream();

      assertThatThrownBy(() -> readAll(socket.getInputStream(), received))
          .isInstanceOf(SocketException.class).hasMessageContaining("reset");
      assertThat(received.size()).isEqualTo(1000);
    }
  }

  @Test
  void blackholeAcceptsAndReadsButNeverAnswersNorReachesTheServer() throws IOException {
    faults.blackhole();
    try (Socket socket = connect()) {
      socket.setSoTimeout(500);
      socket.getOutputStream().write("anyone?".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(faults.accepted()).isEqualTo(1);
    assertThat(echo.accepted()).isZero();
  }

  @Test
  void blackholeSilencesConnectionsAlreadyOpen() throws IOException {
    try (Socket socket = connect()) {
      roundTrip(socket, "ping");
      socket.setSoTimeout(500);

      faults.blackhole();
      socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void downRefusesConnectsAtOnceAndClearListensAgainOnTheSamePort() throws IOException {
    for (int i = 0; i < 20; i++) { // the port must be closed when down() returns, not a moment later
      faults.down();

      assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);

      faults.clear();
      try (Socket socket = connect()) {
        assertThat(roundTrip(socket, "back")).isEqualTo("back");
      }
    }
  }

  @Test
  void downLeavesOpenConnectionsAloneUntilTheyAreDropped() throws IOException {
    try (Socket pooled = connect()) {
      roundTrip(pooled, "one");

      faults.down();
      assertThat(roundTrip(pooled, "two")).isEqualTo("two");

      faults.dropExisting();
      assertThatThrownBy(() -> roundTrip(pooled, "three")).isInstanceOf(SocketException.class);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> faults.openConnections() == 0);
  }

  @Test
  void clearLiftsEveryFaultForOpenConnections() throws IOException {
    try (Socket socket = connect()) {
      faults.blackhole().latency(Duration.ofSeconds(5));
      faults.clear();

      assertThat(roundTrip(socket, "normal again")).isEqualTo("normal again");
    }
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), faults.port());
  }

  /** Sends {@code text} and reads back as many bytes. */
  private static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }

  private static void readAll(InputStream in, ByteArrayOutputStream into) throws IOException {
    byte[] buffer = new byte[512];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      into.write(buffer, 0, read);
    }
  }
}
