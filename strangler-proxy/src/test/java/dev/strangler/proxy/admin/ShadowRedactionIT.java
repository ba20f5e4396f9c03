package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A shadow route's {@code redact} fields never reach its results: not the raw stream entries in Redis, not the admin
 * API's recent mismatches; neither in the URI's query, the body samples (plain or gzipped) nor the differences' values.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowRedactionIT {

  private static final String READER = ShadowAdminApiIT.READER;
  private static final List<String> SECRETS = List.of("query-secret-1", "legacy-password-2", "candidate-password-3",
      "legacy-card-4", "candidate-card-5");

  private Vertx vertx;
  private RedisNamespace ns;
  private ProxyApplication proxy;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) throws IOException {
    this.vertx = vertx;
    this.ns = ns;
    HttpServer legacy = backend(vertx, req -> req.response().putHeader("Content-Type", "application/json")
        .end("{\"user\":{\"name\":\"ann\",\"password\":\"legacy-password-2\"},\"card\":{\"number\":\"legacy-card-4\"},\"price\":1}"));
    HttpServer candidate = backend(vertx, req -> req.response().putHeader("Content-Type", "application/json")
        .putHeader("Content-Encoding", "gzip")
        .end(gzip("{\"user\":{\"name\":\"ann\",\"password\":\"candidate-password-3\"},\"card\":{\"number\":\"candidate-card-5\"},\"price\":2}")));
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://127.0.0.1:%d"]}, catalog: {urls: ["http://127.0.0.1:%d"]}}
        routes:
          - id: accounts
            match: {path: /api/accounts/**, methods: [GET]}
            target: {shadow: {primary: legacy, candidate: catalog}}
            shadow: {learnNoise: false, redact: [/token, "/**/password", /card]}
        """.formatted(legacy.actualPort(), candidate.actualPort()));
    port = FreePort.find();
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(ShadowAdminApiIT.settings(ns, routes, port)));
    proxy.start().await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    proxy.stop().await();
  }

  @Test
  void aRedactedFieldsSecretIsNeitherInTheStreamNorInTheAdminAnswer() {
    String answer = get(port, "/api/accounts/1?page=2&token=query-secret-1", null);
    assertThat(answer).as("the client still gets the primary's answer").contains("legacy-password-2");

    await().atMost(Duration.ofSeconds(10)).until(() -> !stream().isEmpty());
    JsonObject route = new JsonObject(get(proxy.adminPort(), "/admin/shadow/accounts", READER));
    JsonArray recent = route.getJsonArray("recentMismatches");
    assertThat(recent).hasSize(1);
    String admin = recent.encode();
    Map<String, String> entry = stream().getFirst().getFields();
    for (String secret : SECRETS) {
      assertThat(entry.values()).as("stream entry").noneMatch(v -> v.contains(secret));
      assertThat(admin).as("admin answer").doesNotContain(secret);
    }

    JsonObject mismatch = recent.getJsonObject(0);
    assertThat(mismatch.getString("uri")).isEqualTo("/api/accounts/1?page=2&token=%5Bredacted%5D");
    assertThat(entry.get("legacySample")).isEqualTo(
        "{\"user\":{\"name\":\"ann\",\"password\":\"[redacted]\"},\"card\":\"[redacted]\",\"price\":1}");
    assertThat(entry.get("candidateSample")).as("the gzipped body decoded to be redacted").isEqualTo(
        "{\"user\":{\"name\":\"ann\",\"password\":\"[redacted]\"},\"card\":\"[redacted]\",\"price\":2}");
    JsonArray diffs = new JsonArray(entry.get("diffs"));
    assertThat(diffs).contains(new JsonObject().put("kind", "CHANGED").put("path", "/price").put("legacy", "1")
        .put("candidate", "2"));
    assertThat(diffs).contains(new JsonObject().put("kind", "CHANGED").put("path", "/user/password")
        .put("legacy", "[redacted]").put("candidate", "[redacted]"));
    assertThat(diffs).contains(new JsonObject().put("kind", "CHANGED").put("path", "/card/number")
        .put("legacy", "[redacted]").put("candidate", "[redacted]"));
  }

  private List<StreamEntry> stream() {
    try (Jedis jedis = ns.endpoint().connect()) {
      return jedis.xrange(ns.key("{shadow}:results"), "-", "+");
    }
  }

  private String get(int to, String uri, String token) {
    return OnVertx.await(vertx, () -> {
      RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(to).setURI(uri);
      if (token != null) {
        options.putHeader("Authorization", "Bearer " + token);
      }
      return client.request(options).compose(req -> req.send().compose(resp -> resp.body().map(Buffer::toString)));
    });
  }

  private static HttpServer backend(Vertx vertx, io.vertx.core.Handler<HttpServerRequest> handler) {
    return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await();
  }

  private static Buffer gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
