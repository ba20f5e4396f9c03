package dev.strangler.servicekit.observe;

import static dev.strangler.testsupport.OnVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A service's scrape, over a real HTTP pool to a peer on loopback and real worker pools. */
class ServiceMetricsIT {

  private final ServiceMetrics metrics = new ServiceMetrics();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private final Vertx peer = Vertx.vertx(); // another process's Vert.x: its metrics are not the service's
  private Vertx vertx;

  @BeforeEach
  void start() {
    metrics.registry().config().onMeterRegistrationFailed((id, reason) -> refused.add(id + ": " + reason));
    vertx = metrics.newVertx(new VertxOptions());
  }

  @AfterEach
  void stop() {
    await(vertx, vertx::close);
    await(peer, peer::close);
  }

  @Test
  void everyPoolIsReportedUnderItsOwnTypeAndName() {
    HttpServer server = await(peer, () -> peer.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1"));
    HttpClient client = vertx.createHttpClient();
    await(vertx, () -> client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send())
        .compose(response -> response.body()));
    await(vertx, () -> vertx.executeBlocking(() -> "on a worker"));
    await(vertx, () -> vertx.createSharedWorkerExecutor("backfill").executeBlocking(() -> "on a named worker pool"));

    String scrape = metrics.registry().scrape();

    assertThat(refused).as("meters Prometheus refused").isEmpty();
    assertThat(scrape)
        .contains("vertx_pool_queue_time_seconds_count{pool_name=\"127.0.0.1:" + server.actualPort() + "\",pool_type=\"http\"} 1")
        .contains("vertx_pool_completed_total{pool_name=\"vert.x-worker-thread\",pool_type=\"worker\"} 1")
        .contains("vertx_pool_completed_total{pool_name=\"backfill\",pool_type=\"worker\"} 1");
  }
}
