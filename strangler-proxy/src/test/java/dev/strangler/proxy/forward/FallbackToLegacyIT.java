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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When every extracted instance refuses connections, safe routes marked fallbackToLegacy are served by the monolith; unsafe ones never are. */
@ExtendWith(VertxExtension.class)
class FallbackToLegacyIT {

  private final AtomicInteger legacyPosts = new AtomicInteger();
  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    int legacy = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      if (req.method() == HttpMethod.POST) {
        legacyPosts.incrementAndGet();
      }
      req.response().end("legacy");
    })).listen(0, "127.0.0.1")).actualPort();
    LiveRouteTable table = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d", "http://127.0.0.1:%d"]}
          nobody-home: {service: catalog-service}
        routes:
          - {id: catalog-read, match: {path: /api/products/**, methods: [GET]}, target: {extracted: catalog}, fallbackToLegacy: true}
          - {id: catalog-write, match: {path: /api/products/**, methods: [POST]}, target: {extracted: catalog}}
          - {id: search, match: {path: /api/search}, target: {extracted: nobody-home}, fallbackToLegacy: true, sideEffect: safe}
        """.formatted(legacy, FreePort.find(), FreePort.find())), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0).withDebugHeaders(true), table, null);
    OnVertx.await(vertx, () -> vertx.deployVerticle(proxy));
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void safeRequestsAreServedByTheMonolithWhenNoInstanceAcceptsAConnection() {
    for (int i = 0; i < 10; i++) {
      assertThat(call(HttpMethod.GET, "/api/products/1")).isEqualTo("200 legacy legacy");
    }
  }

  @Test
  void aBackendWithNoLiveInstanceFallsBackToo() {
    assertThat(call(HttpMethod.GET, "/api/search")).isEqualTo("200 legacy legacy");
  }

  @Test
  void anUnsafeRequestIsNeverSentToTheMonolithInstead() {
    String reply = call(HttpMethod.POST, "/api/products/1");

    assertThat(reply).startsWith("502 catalog ");
    assertThat(legacyPosts).hasValue(0);
  }

  private String call(HttpMethod method, String uri) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> req.send(Buffer.buffer("x")))
        .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + resp.getHeader(DebugHeaders.BACKEND) + " " + b)));
  }
}
