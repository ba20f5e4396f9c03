package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.FreePort;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** STRANGLER_SHUTDOWN_GRACE_MS: how long a stopping proxy lets requests in flight finish before it cuts them. */
@ExtendWith(VertxExtension.class)
class ShutdownGraceIT {

  @Test
  void aRequestStillRunningWhenTheGraceEndsIsCutAndTheStopCompletes(Vertx vertx) {
    AtomicInteger arrived = new AtomicInteger();
    // The monolith takes every request and never answers.
    HttpServer backend = vertx.createHttpServer().requestHandler(req -> arrived.incrementAndGet())
        .listen(0, "127.0.0.1").await();
    int port = FreePort.find();
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_LEGACY_URL", "http://127.0.0.1:" + backend.actualPort(), "STRANGLER_EVENT_LOOPS", "1",
        "STRANGLER_SHUTDOWN_GRACE_MS", "300")));
    proxy.start().await();
    HttpClient client = vertx.createHttpClient();
    Promise<Integer> reply = Promise.promise();
    vertx.runOnContext(v -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/slow"))
        .compose(req -> req.send()).compose(resp -> resp.body().map(body -> resp.statusCode())).onComplete(reply));
    await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == 1);

    Future<Void> stopped = proxy.stop();

    // With the default grace (30 s) neither would happen within this bound.
    await().atMost(Duration.ofSeconds(10)).until(() -> stopped.isComplete() && reply.future().isComplete());
    assertThat(stopped.succeeded()).as("the stop").isTrue();
    assertThat(reply.future().failed()).as("the client's request, cut: " + reply.future()).isTrue();
  }
}
