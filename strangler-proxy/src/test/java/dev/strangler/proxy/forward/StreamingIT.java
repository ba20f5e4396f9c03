package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.BodyPump;
import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 100 MB each way through the proxy. This test runs in its own JVM with a 96 MB heap (see the
 * failsafe "streaming" execution): buffering either body anywhere — proxy, client or backend — fails it.
 */
@ExtendWith(VertxExtension.class)
class StreamingIT {

  private static final long SIZE = 100L * 1024 * 1024;
  private static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

  @Test
  void aHundredMegabyteUploadAndDownloadStreamThroughWithFlatMemory(Vertx vertx) {
    assertThat(Runtime.getRuntime().maxMemory()).as("run with a small heap").isLessThan(SIZE);
    AtomicLong receivedBeforeClientFinished = new AtomicLong(-1);
    AtomicLong uploaded = new AtomicLong();
    int backendPort = vertx.createHttpServer().requestHandler(req -> {
      if (req.method() == HttpMethod.POST) {
        req.handler(buf -> uploaded.addAndGet(buf.length()));
        req.endHandler(v -> req.response().end(String.valueOf(uploaded.get())));
      } else {
        pump(vertx, req.response().setChunked(true), SIZE).onSuccess(v -> req.response().end());
      }
    }).listen(0, "127.0.0.1").await().actualPort();
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults().withPublicPort(0)
        .withLegacy(URI.create("http://127.0.0.1:" + backendPort)));
    vertx.deployVerticle(proxy).await();
    HttpClient client = vertx.createHttpClient();

    String count = OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
            .setPort(proxy.actualPort()).setURI("/upload"))
        .compose(req -> {
          req.setChunked(true);
          Future<String> answer = req.response().compose(resp -> resp.body()).map(Buffer::toString);
          return pump(vertx, req, SIZE).compose(v -> {
            receivedBeforeClientFinished.set(uploaded.get());
            return req.end();
          }).compose(v -> answer);
        }));

    assertThat(Long.parseLong(count)).isEqualTo(SIZE);
    assertThat(receivedBeforeClientFinished.get()).as("the backend had bytes before the client finished").isPositive();

    AtomicLong downloaded = new AtomicLong();
    OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(proxy.actualPort()).setURI("/download"))
        .compose(HttpClientRequest::send)
        .compose(resp -> {
          Promise<Void> done = Promise.promise();
          resp.handler(buf -> downloaded.addAndGet(buf.length()));
          resp.endHandler(v -> done.complete());
          resp.exceptionHandler(done::fail);
          return done.future();
        }));

    assertThat(downloaded.get()).isEqualTo(SIZE);
  }

  private static Future<Void> pump(Vertx vertx, WriteStream<Buffer> out, long size) {
    return BodyPump.pump(vertx, out, CHUNK, size);
  }
}
