package dev.strangler.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole proxy process configured from the environment: at its in-flight cap it sheds public requests while its admin
 * listener (health, readiness, metrics) answers as ever, and readiness stays ready but says it is overloaded and why.
 */
@ExtendWith(VertxExtension.class)
class OverloadReadinessIT {

  private static final String TOKEN = "overload-readiness-admin-token";

  private Vertx vertx;
  private HeldBackend legacy;
  private ProxyApplication proxy;
  private HttpClient client;
  private int port;
  private int adminPort;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    legacy = HeldBackend.start(vertx, "legacy");
    port = FreePort.find();
    adminPort = FreePort.find();
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_LEGACY_URL", legacy.url(), "STRANGLER_EVENT_LOOPS", "2", "STRANGLER_MAX_IN_FLIGHT", "2",
        "STRANGLER_SHED_RETRY_AFTER_SECONDS", "5", "STRANGLER_SHED_LAG_MS", "0",
        "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", String.valueOf(adminPort), "STRANGLER_ADMIN_TOKEN", TOKEN));
    env.put("STRANGLER_HOLD_ANSWERS_HEAP_PERCENT", "10");
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(env));
    OnVertx.await(vertx, () -> proxy.start());
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    legacy.releaseAll();
    OnVertx.await(vertx, () -> proxy.stop());
  }

  @Test
  void atItsCapTheProxyShedsPublicRequestsWhileAdminAnswersAndReadinessSaysWhy() {
    JsonObject calm = admin("/admin/ready");
    assertThat(calm.getString("status")).isEqualTo("UP");
    assertThat(calm.getJsonObject("overload").getBoolean("overloaded")).isFalse();
    assertThat(calm.getJsonObject("overload").getLong("heldAnswerBudget")).as("a tenth of the heap for held answers")
        .isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 10);

    for (int i = 0; i < 2; i++) {
      OnVertx.await(vertx, () -> Future.succeededFuture(get("/held")));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> legacy.now() == 2);
    String[] shed = OnVertx.await(vertx, () -> get("/more"));

    assertThat(shed[0]).isEqualTo("503");
    assertThat(shed[1]).isEqualTo("5");
    JsonObject ready = admin("/admin/ready");
    assertThat(ready.getString("status")).isEqualTo("UP");
    JsonObject overload = ready.getJsonObject("overload");
    assertThat(overload.getBoolean("overloaded")).isTrue();
    assertThat(overload.getJsonArray("shedding").getList()).containsExactly("in-flight-cap");
    assertThat(overload.getInteger("inFlight")).isEqualTo(2);
    assertThat(overload.getInteger("maxInFlight")).isEqualTo(2);
    assertThat(overload.getJsonObject("backendsInFlight").getInteger("legacy")).isEqualTo(2);
    assertThat(admin("/admin/health").getString("status")).isEqualTo("UP");
    assertThat(adminText("/admin/metrics"))
        .contains("strangler_shed_total{backend=\"legacy\",reason=\"in-flight-cap\",route=\"default\"} 1.0")
        .contains("strangler_in_flight 2.0");

    legacy.releaseAll();
    await().atMost(Duration.ofSeconds(5)).until(() -> !admin("/admin/ready").getJsonObject("overload").getBoolean("overloaded"));
  }

  /** Status and Retry-After of a public GET. */
  private Future<String[]> get(String uri) {
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> req.send()).compose(resp -> resp.body()
            .map(b -> new String[] {String.valueOf(resp.statusCode()), resp.getHeader("Retry-After")}));
  }

  private JsonObject admin(String uri) {
    return new JsonObject(adminText(uri));
  }

  private String adminText(String uri) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(adminPort).setURI(uri)
            .putHeader("Authorization", "Bearer " + TOKEN))
        .compose(req -> req.send()).compose(resp -> resp.body()).map(b -> b.toString()));
  }
}
