package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The header-read deadline cuts clients that never finish their headers, however steadily they trickle. */
@ExtendWith(VertxExtension.class)
class SlowlorisIT {

  private static final Duration DEADLINE = Duration.ofMillis(600);

  private FakeBackend backend;
  private int proxyPort;

  @BeforeEach
  void startBackendAndProxy(Vertx vertx) {
    backend = FakeBackend.start(vertx);
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults()
        .withPublicPort(0).withLegacy(backend.uri()).withHeaderReadTimeout(DEADLINE));
    vertx.deployVerticle(proxy).await();
    proxyPort = proxy.actualPort();
  }

  @Test
  void aClientTricklingHeaderBytesIsCutAtTheDeadline(Vertx vertx) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: shop.example\r\n".getBytes(StandardCharsets.ISO_8859_1));
      AtomicInteger trickled = new AtomicInteger();
      long started = System.nanoTime();
      long timer = trickle(vertx, out, trickled);

      RawHttp.Reply reply = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      vertx.cancelTimer(timer);

      assertThat(reply.closed()).as("connection closed by the proxy").isTrue();
      assertThat(took).isGreaterThanOrEqualTo(DEADLINE.minusMillis(100)).isLessThan(DEADLINE.plusSeconds(2));
      assertThat(trickled.get()).isGreaterThan(3);
      assertThat(backend.requests()).isEmpty();
    }
  }

  @Test
  void aKeepAliveConnectionsNextRequestIsOnTheClockFromItsFirstByte(Vertx vertx) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /first HTTP/1.1\r\nHost: shop.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(RawHttp.readOneReply(socket.getInputStream()).status()).isEqualTo(200);

      // The next request starts at once, while the connection's timer from the first may still be pending.
      out.write("GET /second HTTP/1.1\r\nHost: shop.example\r\n".getBytes(StandardCharsets.ISO_8859_1));
      long started = System.nanoTime();
      long timer = trickle(vertx, out, new AtomicInteger());
      socket.setSoTimeout(5_000);
      RawHttp.Reply reply = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      vertx.cancelTimer(timer);

      assertThat(reply.closed()).as("connection closed by the proxy").isTrue();
      assertThat(took).isGreaterThanOrEqualTo(DEADLINE.minusMillis(100)).isLessThan(DEADLINE.plusSeconds(2));
      assertThat(backend.requests()).extracting(FakeBackend.Seen::uri).containsExactly("/first");
    }
  }

  @Test
  void aClientThatConnectsAndSendsNothingIsCutAtTheDeadline() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
      socket.setSoTimeout(5_000);
      long started = System.nanoTime();

      RawHttp.Reply reply = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());

      assertThat(reply.closed()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(2));
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsNotCutByTheHeaderDeadline(Vertx vertx) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write("GET /first HTTP/1.1\r\nHost: shop.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Reply first = RawHttp.readOneReply(socket.getInputStream());

      // Quiet for three deadlines after the response: the socket read times out instead of seeing EOF.
      socket.setSoTimeout((int) DEADLINE.multipliedBy(3).toMillis());
      RawHttp.Reply quiet = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());
      socket.getOutputStream().write("GET /second HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      socket.setSoTimeout(30_000); // "Connection: close": the proxy closes after answering
      RawHttp.Reply second = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.closed()).isFalse();
      assertThat(quiet.closed()).as("kept open while idle").isFalse();
      assertThat(quiet.text()).isEmpty();
      assertThat(second.status()).isEqualTo(200);
      assertThat(backend.requests()).extracting(FakeBackend.Seen::uri).containsExactly("/first", "/second");
    }
  }

  /** One header byte every 50 ms: far more often than any idle timeout, so only the deadline can end it. */
  private static long trickle(Vertx vertx, OutputStream out, AtomicInteger trickled) {
    return vertx.setPeriodic(50, id -> {
      try {
        out.write('x');
        trickled.incrementAndGet();
      } catch (IOException closed) {
        vertx.cancelTimer(id);
      }
    });
  }
}
