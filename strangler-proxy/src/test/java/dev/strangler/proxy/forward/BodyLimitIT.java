package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import io.vertx.core.Future;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A route's body limit: 413 for a declared oversize, a cut connection for a streamed one; the backend never gets an oversized body. */
@ExtendWith(VertxExtension.class)
class BodyLimitIT {

  private Vertx vertx;

  private final AtomicInteger completeBodies = new AtomicInteger();
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int backend = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      completeBodies.incrementAndGet();
      req.response().end(String.valueOf(body.length()));
    })).listen(0, "127.0.0.1").await().actualPort();
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://127.0.0.1:%d"]}}
        routes:
          - {id: reviews, match: {path: /api/reviews}, target: legacy, maxBody: 1KiB}
        """.formatted(backend)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), live, null);
    vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void aBodyWithinTheLimitIsForwarded() {
    assertThat(post(Buffer.buffer(new byte[1024]))).isEqualTo("200 1024");
  }

  @Test
  void aDeclaredOversizedBodyIsA413ProblemAndNeverReachesTheBackend() {
    String reply = post(Buffer.buffer(new byte[2048]));

    assertThat(reply).startsWith("413 ").contains("up to 1024 bytes");
    assertThat(completeBodies).hasValue(0);
  }

  @Test
  void aStreamedBodyThatGrowsPastTheLimitIsCutAndTheBackendGetsNoCompleteBody(Vertx vertx) {
    String outcome = OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI("/api/reviews"))
        .compose(req -> {
          req.setChunked(true);
          Future<String> answer = req.response().compose(r -> r.body().map(b -> r.statusCode() + " " + b));
          for (int i = 0; i < 8; i++) {
            req.write(Buffer.buffer(new byte[512]));
          }
          req.end();
          return answer;
        })
        .recover(e -> Future.succeededFuture("cut: " + e.getClass().getSimpleName()))
        );

    assertThat(outcome).startsWith("cut: ");
    assertThat(completeBodies).hasValue(0);
  }

  private String post(Buffer body) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI("/api/reviews"))
        .compose(req -> req.send(body))
        .compose(r -> r.body().map(b -> r.statusCode() + " " + b))
        );
  }
}
