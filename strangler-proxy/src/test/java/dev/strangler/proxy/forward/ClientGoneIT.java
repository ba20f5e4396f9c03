package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that leaves before the answer is not the backend's failure: no ejection, no circuit breaker count, and
 * the request is recorded as 499 (client closed), not 502. Seen in the benchmark, where every run's end counted.
 */
@ExtendWith(VertxExtension.class)
class ClientGoneIT {

  @Test
  void clientsLeavingBeforeTheAnswerNeitherEjectTheBackendNorOpenItsBreaker(Vertx vertx) throws Exception {
    AtomicInteger received = new AtomicInteger();
    int backend = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> {
      received.incrementAndGet();
      vertx.setTimer(300, id -> req.response().end("late"));
    }).listen(0, "127.0.0.1")).actualPort();
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - {id: catalog-read, match: {path: /api/products/**}, target: {extracted: catalog}}
        """.formatted(backend, backend)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    ProxyMetrics metrics = new ProxyMetrics(table);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), table, metrics);
    OnVertx.await(vertx, () -> vertx.deployVerticle(proxy));

    int aborted = BackendBreakers.MAX_FAILURES + 2;
    for (int i = 1; i <= aborted; i++) {
      try (Socket socket = new Socket("127.0.0.1", proxy.actualPort())) {
        socket.setSoLinger(true, 0); // closing resets the connection, as load generators do when they stop
        OutputStream out = socket.getOutputStream();
        out.write("GET /api/products/1 HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int sent = i;
        await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == sent); // then leave before the answer
      }
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics.scrape()).contains("status=\"4xx\""));

    HttpClient client = vertx.createHttpClient();
    String reply = OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(proxy.actualPort())
        .setURI("/api/products/1")).compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b)));

    assertThat(reply).as("the breaker stayed closed").isEqualTo("200 late");
    String scrape = metrics.scrape();
    assertThat(scrape).doesNotContain("strangler_ejections_total{").doesNotContain("status=\"5xx\"");
    assertThat(scrape).doesNotContain("strangler_breaker_transitions_total{backend=\"catalog\",state=\"open\"} 1.0");
  }
}
