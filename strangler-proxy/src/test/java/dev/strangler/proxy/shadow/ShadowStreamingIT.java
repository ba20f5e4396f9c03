package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.BodyPump;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Large bodies through a shadow route that copies every request. Runs in the 96 MB heap of the failsafe "streaming"
 * execution: copies kept past the cap, for twelve 10 MB bodies at once, do not fit (with the cap raised to 64 MiB the
 * proxy runs out of heap).
 */
@ExtendWith(VertxExtension.class)
class ShadowStreamingIT {

  private static final int SIZE = 10 * 1024 * 1024;
  private static final int BODIES = 12;
  private static final Buffer CHUNK = chunk();

  @Test
  void severalTenMegabyteBodiesStreamToThePrimaryInFullWhileTheirCopiesAreDropped(Vertx vertx) {
    assertThat(Runtime.getRuntime().maxMemory()).as("run with a small heap").isLessThan(128L * 1024 * 1024);
    int legacyPort = vertx.createHttpServer().requestHandler(req -> {
      CRC32 crc = new CRC32();
      long[] size = {0};
      req.handler(b -> {
        size[0] += b.length();
        crc.update(b.getBytes());
      });
      req.endHandler(v -> req.response().end(size[0] + ":" + crc.getValue()));
    }).listen(0, "127.0.0.1").await().actualPort();
    FakeSide candidate = FakeSide.start(vertx);
    ShadowProxy proxy = new ShadowProxy(vertx, """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://127.0.0.1:%d"]}, candidate: {urls: ["%s"]}}
        routes:
          - id: upload
            match: {path: /upload, methods: [PUT]}
            target: {shadow: {primary: legacy, candidate: candidate, percent: 100}}
        """.formatted(legacyPort, candidate.url()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(BODIES));
    CRC32 expected = new CRC32();
    for (long left = SIZE; left > 0; left -= CHUNK.length()) {
      expected.update(CHUNK.getBytes());
    }

    List<String> answers = OnVertx.await(vertx, () -> {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < BODIES; i++) {
        all.add(upload(vertx, client, proxy, i % 2 == 0));
      }
      return Future.all(all).map(f -> f.<String>list());
    });

    assertThat(answers).hasSize(BODIES).allSatisfy(a -> assertThat(a).isEqualTo(SIZE + ":" + expected.getValue()));
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.results.dropped(DropReason.BODY_TOO_LARGE) == BODIES);
    assertThat(candidate.received()).isEmpty();
    assertThat(proxy.inFlight("upload")).isZero();

    assertThat(proxy.send(HttpMethod.PUT, "/upload", Buffer.buffer("small")).body()).isEqualTo("5:" + crc("small"));
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.results.outcomes().size() == 1);
    assertThat(candidate.received()).singleElement().satisfies(r -> assertThat(r.body()).isEqualTo("small"));
    proxy.stop();
  }

  /** PUTs SIZE bytes, chunked or with a declared length, respecting back-pressure. */
  private static Future<String> upload(Vertx vertx, HttpClient client, ShadowProxy proxy, boolean chunked) {
    return client.request(new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(proxy.port())
            .setURI("/upload"))
        .compose(req -> {
          if (chunked) {
            req.setChunked(true);
          } else {
            req.putHeader("Content-Length", String.valueOf(SIZE));
          }
          Future<String> answer = req.response().compose(r -> r.body()).map(Buffer::toString);
          return BodyPump.pump(vertx, req, CHUNK, SIZE).compose(v -> req.end()).compose(v -> answer);
        });
  }

  private static Buffer chunk() {
    byte[] bytes = new byte[64 * 1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return Buffer.buffer(bytes);
  }

  private static long crc(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes());
    return crc.getValue();
  }
}
