package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin API shows, per backend, which instances are ejected and the state of its circuit breaker. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class BackendHealthIT {

  private static final String TOKEN = "backend-health-token-0123456789";

  private Vertx vertx;
  private ProxyApplication proxy;
  private HttpClient client;
  private int port;
  private int adminPort;
  private int refusing;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    int legacy = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(req -> req.response().end("legacy"))
        .listen(0, "127.0.0.1")).actualPort();
    int broken = OnVertx.await(vertx, () -> vertx.createHttpServer()
        .requestHandler(req -> req.response().setStatusCode(500).end("broken")).listen(0, "127.0.0.1")).actualPort();
    refusing = FreePort.find();
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d", "http://127.0.0.1:%d"]}
        routes:
          - {id: catalog-read, match: {path: /api/products/**, methods: [GET]}, target: {extracted: catalog}}
          - {id: categories, match: {path: /api/categories, methods: [GET]}, target: {extracted: catalog}, fallbackToLegacy: true}
        """.formatted(legacy, refusing, broken));
    port = FreePort.find();
    adminPort = FreePort.find();
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_ROUTES_FILE", routes.toString(), "STRANGLER_EVENT_LOOPS", "2",
        "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", String.valueOf(adminPort), "STRANGLER_ADMIN_TOKEN", TOKEN,
        "STRANGLER_IDENTITY_KEY", "backend-health-identity-key-0123456789",
        "STRANGLER_SESSION_REDIS_URL", ns.endpoint().uri(), "STRANGLER_SESSION_NAMESPACE", ns.prefix() + "sessions")));
    OnVertx.await(vertx, () -> proxy.start());
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      OnVertx.await(vertx, () -> proxy.stop());
    }
  }

  @Test
  void everyBackendIsListedHealthyBeforeAnyFailure() {
    JsonObject health = backends(TOKEN);

    assertThat(health.getInteger("eventLoops")).isEqualTo(2);
    JsonObject catalog = backend(health, "catalog");
    assertThat(catalog.getJsonObject("breaker").getString("state")).isEqualTo("CLOSED");
    assertThat(catalog.getJsonObject("breaker").getJsonObject("eventLoops").getInteger("CLOSED")).isEqualTo(2);
    assertThat(catalog.getJsonArray("instances")).hasSize(2)
        .allSatisfy(i -> assertThat(((JsonObject) i).getBoolean("ejected")).isFalse());
  }

  @Test
  void anInstanceRefusingConnectionsIsShownEjectedAndABackendFailingRequestsShowsItsBreakerOpen() {
    for (int i = 0; i < 8; i++) {
      get("/api/products/" + i);
    }

    JsonObject catalog = backend(backends(TOKEN), "catalog");
    JsonObject dead = instance(catalog, "http://127.0.0.1:" + refusing);
    assertThat(dead.getBoolean("ejected")).isTrue();
    assertThat(dead.getInteger("ejectedOnEventLoops")).isEqualTo(1);
    assertThat(dead.getLong("ejectedForMillis")).isPositive();
    assertThat(catalog.getJsonObject("breaker").getString("state")).isEqualTo("OPEN");
    assertThat(catalog.getJsonObject("breaker").getJsonObject("eventLoops").getMap()).containsEntry("OPEN", 1);
  }

  @Test
  void requestsServedByTheMonolithInsteadAreCounted() {
    for (int i = 0; i < 3; i++) {
      get("/api/categories");
    }

    assertThat(backend(backends(TOKEN), "catalog").getLong("fallbacksToLegacy")).isEqualTo(3);
    assertThat(backend(backends(TOKEN), "legacy").getLong("fallbacksToLegacy")).isZero();
  }

  @Test
  void theViewNeedsAToken() {
    int status = OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(adminPort)
        .setURI("/admin/backends")).compose(req -> req.send()).map(resp -> resp.statusCode()));

    assertThat(status).isEqualTo(401);
  }

  private void get(String uri) {
    OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> req.send()).compose(resp -> resp.body()));
  }

  private JsonObject backends(String token) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(adminPort)
            .setURI("/admin/backends").putHeader("Authorization", "Bearer " + token))
        .compose(req -> req.send()).compose(resp -> resp.body()).map(b -> b.toJsonObject()));
  }

  private static JsonObject backend(JsonObject health, String name) {
    JsonArray all = health.getJsonArray("backends");
    return all.stream().map(JsonObject.class::cast).filter(b -> b.getString("name").equals(name)).findFirst().orElseThrow();
  }

  private static JsonObject instance(JsonObject backend, String url) {
    return backend.getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("url").equals(url)).findFirst().orElseThrow();
  }
}
