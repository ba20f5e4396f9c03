package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real proxy on loopback in front of a real fake monolith. */
@ExtendWith(VertxExtension.class)
class LegacyForwardingIT {

  private Vertx vertx;

  private HttpClient client;
  private int proxyPort;

  @BeforeEach
  void startLegacyAndProxy(Vertx vertx) {
    this.vertx = vertx;
    HttpServer legacy = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject echo = new JsonObject()
          .put("method", req.method().name())
          .put("uri", req.uri())
          .put("body", body.toString());
      req.response().putHeader("Content-Type", "application/json").putHeader("X-Legacy", "yes").end(echo.encode());
    })).listen(0, "127.0.0.1").await();
    proxyPort = deployProxy(vertx, URI.create("http://127.0.0.1:" + legacy.actualPort()));
    client = vertx.createHttpClient();
  }

  @Test
  void forwardsMethodPathQueryAndBodyToTheMonolith() {
    Reply reply = send(HttpMethod.POST, "/api/cart/items?x=1&y=a%20b", "{\"sku\":\"SKU-1\"}");

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.legacyHeader).isEqualTo("yes");
    assertThat(reply.json.getString("method")).isEqualTo("POST");
    assertThat(reply.json.getString("uri")).isEqualTo("/api/cart/items?x=1&y=a%20b");
    assertThat(reply.json.getString("body")).isEqualTo("{\"sku\":\"SKU-1\"}");
  }

  @Test
  void answers502WhenTheMonolithIsDown(Vertx vertx) {
    int deadPort = FreePort.find();
    int port = deployProxy(vertx, URI.create("http://127.0.0.1:" + deadPort));

    HttpClientResponse response = OnVertx.await(vertx, () -> client.request(new RequestOptions().setPort(port).setHost("127.0.0.1").setURI("/"))
        .compose(req -> req.send()));

    assertThat(response.statusCode()).isEqualTo(502);
  }

  private int deployProxy(Vertx vertx, URI legacy) {
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults()
        .withPublicPort(0).withLegacy(legacy));
    vertx.deployVerticle(proxy).await();
    return proxy.actualPort();
  }

  private Reply send(HttpMethod method, String uri, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxyPort).setURI(uri);
    return OnVertx.await(vertx, () -> client.request(options)
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("X-Legacy"), b.toJsonObject())))
        );
  }

  private record Reply(int status, String legacyHeader, JsonObject json) {}
}
