package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.shadow.ShadowOutcomes;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A proxy without any Redis records no shadow results, and its admin API says how to turn them on. */
@ExtendWith(VertxExtension.class)
class ShadowResultsOffIT {

  @Test
  void withoutARedisResultsAreNotRecordedAndTheAdminApiSaysHowToTurnThemOn(Vertx vertx) {
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find()), "STRANGLER_EVENT_LOOPS", "1",
        "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", "0", "STRANGLER_ADMIN_TOKEN", "writer-token-0123456789")));
    proxy.start().await();
    try {
      assertThat(proxy.shadowResults()).isSameAs(ShadowResults.NONE);
      proxy.shadowResults().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(1), Duration.ofMillis(1)));

      HttpClient client = vertx.createHttpClient();
      JsonObject[] problem = new JsonObject[1];
      int status = OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(proxy.adminPort())
              .setURI("/admin/shadow").putHeader("Authorization", "Bearer writer-token-0123456789"))
          .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
            problem[0] = body.toJsonObject();
            return resp.statusCode();
          }))));

      assertThat(status).isEqualTo(404);
      assertThat(problem[0].getString("detail")).isEqualTo(
          "shadow results are not recorded: give the proxy a Redis (STRANGLER_SHADOW_RESULTS_REDIS_URL or STRANGLER_REDIS_URL)");
      for (String path : new String[] {"/admin/traffic", "/admin/traffic/catalog-read", "/admin/playbooks", "/admin/playbooks/catalog"}) {
        int off = OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(proxy.adminPort())
                .setURI(path).putHeader("Authorization", "Bearer writer-token-0123456789"))
            .compose(req -> req.send().compose(resp -> resp.body().map(body -> resp.statusCode()))));
        assertThat(off).as(path).isEqualTo(404);
      }
    } finally {
      proxy.stop().await();
    }
  }
}
