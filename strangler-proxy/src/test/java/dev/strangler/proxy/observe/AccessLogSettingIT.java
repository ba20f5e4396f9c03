package dev.strangler.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** STRANGLER_ACCESS_LOG: on by default; off, the proxy writes no access line (and still serves). */
@ExtendWith(VertxExtension.class)
class AccessLogSettingIT {

  @Test
  void offWritesNoLineWhileTheDefaultWritesOne(Vertx vertx) {
    HttpServer backend = vertx.createHttpServer().requestHandler(req -> req.response().end("ok"))
        .listen(0, "127.0.0.1").await();
    int quiet = FreePort.find();
    int logging = FreePort.find();
    ProxyApplication off = start(vertx, quiet, backend, Map.of("STRANGLER_ACCESS_LOG", "off"));
    ProxyApplication on = start(vertx, logging, backend, Map.of());
    HttpClient client = vertx.createHttpClient();

    try (LogLines access = LogLines.access()) {
      assertThat(get(vertx, client, quiet, "/quiet")).isEqualTo(200);
      assertThat(get(vertx, client, logging, "/logged")).isEqualTo(200);

      await().atMost(Duration.ofSeconds(5)).until(() -> access.lines().stream().anyMatch(l -> "/logged".equals(l.getString("path"))));
      assertThat(access.lines()).noneMatch(l -> "/quiet".equals(l.getString("path")));
    }
    off.stop().await();
    on.stop().await();
  }

  private static ProxyApplication start(Vertx vertx, int port, HttpServer backend, Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("STRANGLER_PUBLIC_HOST", "127.0.0.1",
        "STRANGLER_PUBLIC_PORT", String.valueOf(port), "STRANGLER_LEGACY_URL", "http://127.0.0.1:" + backend.actualPort(),
        "STRANGLER_EVENT_LOOPS", "1"));
    env.putAll(more);
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(env));
    proxy.start().await();
    return proxy;
  }

  private static int get(Vertx vertx, HttpClient client, int port, String path) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode())));
  }
}
