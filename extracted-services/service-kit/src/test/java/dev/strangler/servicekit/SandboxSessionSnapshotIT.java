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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session snapshot of a sandboxed copy, read with the sandbox header: given in sandbox mode, ignored in live mode,
 * and a malformed one refused with a 400 problem.
 */
@ExtendWith(VertxExtension.class)
class SandboxSessionSnapshotIT {

  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    Router router = Router.router(vertx);
    router.route().handler(Sandbox.handler(ProblemFormat.STRANGLER));
    router.get("/snapshot").handler(ctx -> ctx.end(Sandbox.sessionSnapshot(ctx).map(JsonObject::encode).orElse("none")));
    HttpServer server = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    port = server.actualPort();
    client = vertx.createHttpClient();
  }

  private static String encoded(String json, boolean padding) {
    Base64.Encoder encoder = padding ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
    return encoder.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSandboxedRequestGetsItsSnapshotWithOrWithoutPadding() {
    String json = "{\"cart\":{\"ACME-00001\":2},\"step\":null}";

    assertThat(get(Sandbox.ON, encoded(json, false))).isEqualTo("200 " + new JsonObject(json).encode());
    assertThat(get(Sandbox.ON, encoded("{\"cart\":null}", true))).isEqualTo("200 {\"cart\":null}");
  }

  @Test
  void withoutTheHeaderOrOutsideSandboxModeThereIsNoSnapshot() {
    assertThat(get(Sandbox.ON, null)).isEqualTo("200 none");
    assertThat(get(null, encoded("{\"cart\":{\"ACME-00001\":99}}", false))).as("live mode never reads it").isEqualTo("200 none");
    assertThat(get(null, "%%%not base64")).as("nor refuses it").isEqualTo("200 none");
  }

  @Test
  void aSnapshotThatIsNotBase64urlOfAJsonObjectIsA400Problem() {
    for (String malformed : new String[] {"%%%", encoded("[1,2]", false), encoded("{\"cart\":", false),
        encoded("\"cart\"", false), "eyJjYXJ0IjpudWxsfQ+/"}) {
      String refused = get(Sandbox.ON, malformed);
      assertThat(refused).as(malformed).startsWith("400 ");
      assertThat(new JsonObject(refused.substring(4)).getString("detail")).as(malformed)
          .isEqualTo("X-Strangler-Sandbox-Session: must be base64url of a JSON object when present, once");
    }
  }

  private String get(String sandbox, String snapshot) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI("/snapshot");
    if (sandbox != null) {
      options.putHeader(Sandbox.HEADER, sandbox);
    }
    if (snapshot != null) {
      options.putHeader(Sandbox.SESSION_HEADER, snapshot);
    }
    return OnVertx.await(vertx, () -> client.request(options).compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode() + " " + b)));
  }
}
