package dev.strangler.servicekit.observe;

import static dev.strangler.testsupport.OnVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
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

  @Test
  void eachPeerHasItsOwnClientSeriesAndCallersTagNothing() {
    HttpServer first = await(peer, () -> peer.createHttpServer().requestHandler(r -> r.response().end("first")).listen(0, "127.0.0.1"));
    HttpServer second = await(peer, () -> peer.createHttpServer().requestHandler(r -> r.response().end("second")).listen(0, "127.0.0.1"));
    HttpServer own = await(vertx, () -> vertx.createHttpServer().requestHandler(r -> r.response().end("own")).listen(0, "127.0.0.1"));
    HttpClient client = vertx.createHttpClient();
    for (HttpServer server : List.of(first, second, second)) {
      await(vertx, () -> get(client, server.actualPort()));
    }
    // Two callers of the service's own listener, each from a port of its own.
    for (int caller = 0; caller < 2; caller++) {
      HttpClient callerClient = peer.createHttpClient();
      await(peer, () -> get(callerClient, own.actualPort()).eventually(callerClient::close));
    }

    String scrape = metrics.registry().scrape();

    assertThat(refused).as("meters Prometheus refused").isEmpty();
    assertThat(scrape)
        .contains("vertx_http_client_responses_total{code=\"200\",method=\"GET\",remote=\"127.0.0.1:" + first.actualPort() + "\"} 1.0")
        .contains("vertx_http_client_responses_total{code=\"200\",method=\"GET\",remote=\"127.0.0.1:" + second.actualPort() + "\"} 2.0")
        .contains("vertx_http_client_active_connections{remote=\"127.0.0.1:" + first.actualPort() + "\"} 1.0")
        .contains("vertx_http_client_active_connections{remote=\"127.0.0.1:" + second.actualPort() + "\"} 1.0")
        .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"\"} 2.0");
    assertThat(scrape.lines().filter(line -> line.startsWith("vertx_http_server_") || line.startsWith("vertx_net_server_")))
        .as("the service's own listener's series")
        .isNotEmpty()
        .noneMatch(line -> line.contains("remote="));
  }

  private static Future<Buffer> get(HttpClient client, int port) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/").compose(request -> request.send()).compose(response -> response.body());
  }
}
