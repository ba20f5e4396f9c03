package dev.strangler.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.servicekit.sandbox.Sandbox;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox header read once per request: on with {@code 1}, off without it, refused with anything else. */
@ExtendWith(VertxExtension.class)
class SandboxIT {

  @Test
  void theHeaderTurnsSandboxModeOnOnlyWithOneAndAnythingElseIsA400(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(Sandbox.handler(ProblemFormat.STRANGLER));
    router.get("/mode").handler(ctx -> ctx.end(Sandbox.active(ctx) ? "sandbox" : "live"));
    HttpServer server = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    HttpClient client = vertx.createHttpClient();

    assertThat(get(vertx, client, server, null)).isEqualTo("200 live");
    assertThat(get(vertx, client, server, "1")).isEqualTo("200 sandbox");
    String refused = get(vertx, client, server, "true");
    assertThat(refused).startsWith("400 ");
    assertThat(new JsonObject(refused.substring(4)).getString("detail")).isEqualTo("X-Strangler-Sandbox: must be 1 when present, once");
  }

  private static String get(Vertx vertx, HttpClient client, HttpServer server, String sandbox) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.actualPort())
        .setURI("/mode");
    if (sandbox != null) {
      options.putHeader(Sandbox.HEADER, sandbox);
    }
    return OnVertx.await(vertx, () -> client.request(options).compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode() + " " + b)));
  }
}
