package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An instance that refuses connections costs no failed request: nothing was sent, so the next instance gets it. */
@ExtendWith(VertxExtension.class)
class RetryOnConnectFailureIT {

  @Test
  void everyRequestIsServedOnceByTheLiveInstanceWhenTheOtherRefusesConnections(Vertx vertx) {
    AtomicInteger posts = new AtomicInteger();
    int live = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      if (req.method() == HttpMethod.POST) {
        posts.incrementAndGet();
      }
      req.response().end("live");
    })).listen(0, "127.0.0.1").await().actualPort();
    int dead = FreePort.find();
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d", "http://127.0.0.1:%d"]}
        routes:
          - {id: catalog, match: {path: /api/**}, target: {extracted: catalog}}
        """.formatted(FreePort.find(), dead, live)), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), table, null);
    vertx.deployVerticle(proxy).await();
    HttpClient client = vertx.createHttpClient();

    List<String> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HttpMethod method = i % 2 == 0 ? HttpMethod.GET : HttpMethod.POST;
      replies.add(OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxy.actualPort()).setURI("/api/x"))
          .compose(req -> req.send(Buffer.buffer("order-" + method)))
          .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b))
          ));
    }

    assertThat(replies).containsOnly("200 live").hasSize(20);
    assertThat(posts).as("each POST reached the backend exactly once").hasValue(10);
  }
}
