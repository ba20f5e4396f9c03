package dev.strangler.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.edge.RawHttp;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-smuggling corpus ({@link SmugglingCorpus}) sent byte for byte to Debian's nginx and to Strangler, each
 * proxying to a backend of its own that counts what reaches it. nginx is the oracle: whatever it refuses (forwards
 * nothing of), Strangler refuses too, with a 4xx or by closing, and forwards nothing; Strangler never forwards more
 * requests than nginx did; and where it forwards fewer it said so with a 4xx or a close. The verdict table is logged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmugglingOracleIT {

  private static final Logger LOG = LoggerFactory.getLogger(SmugglingOracleIT.class);
  /** How long a kept-alive connection must stay silent, once it has answered, for its answers to count as complete. */
  private static final int QUIET_MILLIS = 300;
  /** How long a server may take to answer at all (nginx's first connection to its backend, a cold JIT). */
  private static final int FIRST_ANSWER_MILLIS = 3_000;

  private final List<String> verdicts = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Path dir;
  private NginxProcess nginx;
  private EchoBackend behindNginx;
  private EchoBackend behindStrangler;
  private int strangler;

  @BeforeAll
  void start() throws IOException {
    vertx = Vertx.vertx();
    dir = Files.createTempDirectory("strangler-nginx-oracle");
    behindNginx = EchoBackend.start(vertx);
    behindStrangler = EchoBackend.start(vertx);
    nginx = NginxProcess.proxyingTo(behindNginx.uri(), dir);
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(
        ProxyOptions.defaults().withPublicPort(0).withLegacy(behindStrangler.uri()));
    vertx.deployVerticle(proxy).await();
    strangler = proxy.actualPort();
    // Both paths warm (nginx's upstream connection, the JVM's first request) before answers are timed.
    String warmUp = "GET /warm-up HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n";
    assertThat(exchange(nginx.port(), warmUp, 30_000).status()).isEqualTo(200);
    assertThat(exchange(strangler, warmUp, 30_000).status()).isEqualTo(200);
  }

  @AfterAll
  void stop() throws IOException {
    String table = "smuggling corpus, nginx vs Strangler (status / requests forwarded):\n" + String.join("\n", verdicts) + "\n";
    LOG.info("{}", table);
    Files.writeString(Path.of("target", "smuggling-oracle.txt"), table);
    if (nginx != null) {
      nginx.close();
    }
    vertx.close().await();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static List<SmugglingCorpus.Case> corpus() {
    return SmugglingCorpus.load();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void whateverNginxRefusesStranglerRefusesAndItNeverForwardsMore(SmugglingCorpus.Case request) {
    String bytes = new String(request.bytes(), StandardCharsets.ISO_8859_1);
    int nginxBefore = behindNginx.requests().size();
    int stranglerBefore = behindStrangler.requests().size();

    CompletableFuture<RawHttp.Reply> byNginx = CompletableFuture.supplyAsync(() -> exchange(nginx.port(), bytes));
    RawHttp.Reply byStrangler = exchange(strangler, bytes);
    RawHttp.Reply oracle = byNginx.join();
    int nginxForwarded = behindNginx.requests().size() - nginxBefore;
    int stranglerForwarded = behindStrangler.requests().size() - stranglerBefore;
    verdicts.add("%-34s nginx %4s / %d   strangler %4s / %d%s".formatted(request.name(), status(oracle), nginxForwarded,
        status(byStrangler), stranglerForwarded, stranglerForwarded < nginxForwarded ? "   (stricter)" : ""));

    String context = request.description() + "\nnginx: " + oracle.head() + "\nstrangler: " + byStrangler.text();
    assertThat(stranglerForwarded).as("forwarded by Strangler, at most what nginx forwarded: " + context)
        .isLessThanOrEqualTo(nginxForwarded);
    if (nginxForwarded == 0 || stranglerForwarded < nginxForwarded) {
      assertThat(refused(byStrangler)).as("Strangler refuses (4xx or close): " + context).isTrue();
    }
  }

  /**
   * A 4xx among the answers (or 501/505, the proxy's own answer to a version it does not speak), or the connection
   * closed without any answer.
   */
  private static boolean refused(RawHttp.Reply reply) {
    if (reply.text().isEmpty()) {
      return reply.closed();
    }
    return reply.text().matches("(?s).*HTTP/\\d\\.\\d (4\\d\\d|501|505) .*");
  }

  private static String status(RawHttp.Reply reply) {
    return reply.text().isEmpty() ? (reply.closed() ? "close" : "none") : String.valueOf(reply.status());
  }

  /** Writes the bytes, waits up to {@code firstAnswerMillis} for a first answer, then reads until close or quiet. */
  private static RawHttp.Reply exchange(int port, String bytes) {
    return exchange(port, bytes, FIRST_ANSWER_MILLIS);
  }

  private static RawHttp.Reply exchange(int port, String bytes, int firstAnswerMillis) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      PushbackInputStream in = new PushbackInputStream(socket.getInputStream(), 1);
      socket.setSoTimeout(firstAnswerMillis);
      int first;
      try {
        first = in.read();
      } catch (SocketTimeoutException e) {
        return new RawHttp.Reply("", false);
      } catch (IOException e) {
        return new RawHttp.Reply("", true); // reset before any answer
      }
      if (first < 0) {
        return new RawHttp.Reply("", true);
      }
      in.unread(first);
      socket.setSoTimeout(QUIET_MILLIS);
      return RawHttp.readUntilClosedOrQuiet(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
