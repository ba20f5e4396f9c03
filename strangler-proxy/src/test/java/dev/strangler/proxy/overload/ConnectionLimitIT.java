package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Past the public listener's connection limit (over both event loops), a new connection is closed as soon as it opens. */
@ExtendWith(VertxExtension.class)
class ConnectionLimitIT {

  private static final int LIMIT = 3;

  private HeldBackend backend;
  private OverloadedProxy proxy;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    backend = HeldBackend.start(vertx, "legacy");
    backend.releaseAll();
    proxy = OverloadedProxy.inFrontOf(vertx, backend, OverloadedProxy.WITHOUT_LAG.withMaxConnections(LIMIT), 2);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    proxy.stop();
  }

  @Test
  void theConnectionPastTheLimitIsClosedAndAPlaceFreedByACloseIsTakenAgain() throws IOException {
    for (int i = 0; i < LIMIT; i++) {
      assertThat(exchange(open())).startsWith("HTTP/1.1 200");
    }

    Socket extra = open();
    long started = System.nanoTime();
    int read = extra.getInputStream().read();

    assertThat(read).as("the proxy closed the extra connection without a byte").isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(proxy.metric("strangler_connections_refused_total")).isEqualTo(1);
    assertThat(proxy.metric("strangler_connections_open")).isEqualTo(LIMIT);
    assertThat(exchange(sockets.get(0))).as("the connections within the limit are still served").startsWith("HTTP/1.1 200");

    sockets.get(1).close();
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.overload().connections().open() == LIMIT - 1);

    assertThat(exchange(open())).startsWith("HTTP/1.1 200");
  }

  private Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", proxy.port());
    socket.setSoTimeout(5_000);
    sockets.add(socket);
    return socket;
  }

  /** One keep-alive request on {@code socket}; the response's head and body as text. */
  private static String exchange(Socket socket) throws IOException {
    socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: shop.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = socket.getInputStream();
    StringBuilder reply = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (!reply.toString().endsWith("legacy")) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      reply.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
    }
    return reply.toString();
  }
}
