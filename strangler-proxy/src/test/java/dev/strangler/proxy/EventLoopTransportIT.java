package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.testsupport.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * STRANGLER_TRANSPORT: the proxy forwards whole answers and streams bodies on every transport it offers, and the one it
 * runs on is the one named. The backend and the proxy share the Vert.x instance under test; the client is the JDK's.
 */
class EventLoopTransportIT {

  private static final int BODY_BYTES = 16 * 1024 * 1024;
  private static final byte[] PAGE = new byte[1024];

  static {
    new Random(7).nextBytes(PAGE);
  }

  private Vertx vertx;

  @AfterEach
  void close() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"EPOLL", "IO_URING", "NIO"})
  void forwardsWholeAnswersAndStreamsABodyBothWaysOnTheNamedTransport(EventLoopTransport transport) throws Exception {
    assumeTrue(runsHere(transport), () -> transport.setting() + " is not available on this machine");
    vertx = transport.vertx(new VertxOptions());
    assertThat(((VertxInternal) vertx).transport()).as("the transport Vert.x runs on")
        .isSameAs(transport.resolve().implementation());
    // POST: answers the length and SHA-256 of the body it read; GET /download: PatternStream's bytes (made off the event
    // loop, sent chunked: the proxy streams them); else the 1 KiB page.
    int backend = vertx.createHttpServer().requestHandler(req -> {
      if (req.method() == HttpMethod.POST) {
        MessageDigest digest = sha256();
        long[] length = {0};
        req.handler(chunk -> {
          digest.update(chunk.getBytes());
          length[0] += chunk.length();
        });
        req.endHandler(v -> req.response().end(length[0] + " " + HexFormat.of().formatHex(digest.digest())));
      } else if (req.path().equals("/download")) {
        req.response().setChunked(true);
        vertx.<Buffer>executeBlocking(() -> Buffer.buffer(new PatternStream(BODY_BYTES).readAllBytes()))
            .compose(body -> req.response().end(body));
      } else {
        req.response().end(Buffer.buffer(PAGE));
      }
    }).listen(0, "127.0.0.1").await().actualPort();
    int port = FreePort.find();
    new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_HOST", "127.0.0.1",
        "STRANGLER_PUBLIC_PORT", String.valueOf(port), "STRANGLER_LEGACY_URL", "http://127.0.0.1:" + backend,
        "STRANGLER_EVENT_LOOPS", "2", "STRANGLER_ACCESS_LOG", "off"))).start().await();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI base = URI.create("http://127.0.0.1:" + port);

    for (int i = 0; i < 200; i++) {
      HttpResponse<byte[]> page = client.send(HttpRequest.newBuilder(base.resolve("/page/" + i)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(page.statusCode()).as("request %d", i).isEqualTo(200);
      assertThat(page.body()).as("request %d", i).isEqualTo(PAGE);
    }

    MessageDigest sent = sha256();
    HttpResponse<String> upload = client.send(HttpRequest.newBuilder(base.resolve("/upload"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new DigestInputStream(new PatternStream(BODY_BYTES), sent)))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(upload.statusCode()).isEqualTo(200);
    assertThat(upload.body()).as("the bytes the backend read").isEqualTo(BODY_BYTES + " " + HexFormat.of().formatHex(sent.digest()));

    HttpResponse<InputStream> download = client.send(HttpRequest.newBuilder(base.resolve("/download")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest received = sha256();
    long length;
    try (InputStream in = new DigestInputStream(download.body(), received)) {
      length = in.transferTo(OutputStream.nullOutputStream());
    }
    MessageDigest expected = sha256();
    expected.update(new PatternStream(BODY_BYTES).readAllBytes());

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(length).isEqualTo(BODY_BYTES);
    assertThat(received.digest()).as("the bytes the client read").isEqualTo(expected.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void autoIsEpollWhereItLoadsAndNioElsewhere() {
    assertThat(EventLoopTransport.AUTO.resolve().name()).isEqualTo(runsHere(EventLoopTransport.EPOLL) ? "epoll" : "nio");
  }

  private static boolean runsHere(EventLoopTransport transport) {
    try {
      transport.resolve();
      return true;
    } catch (EventLoopTransport.UnavailableTransportException e) {
      return false;
    }
  }

  /** {@code size} bytes of a repeating, non-uniform pattern, made as they are read. */
  private static final class PatternStream extends InputStream {
    private long left;

    PatternStream(int size) {
      left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? (int) ((left * 31 + (left >>> 11)) & 0xff) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) read();
      }
      return n;
    }
  }
}
