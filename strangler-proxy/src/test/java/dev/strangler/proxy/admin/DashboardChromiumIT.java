package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.shadow.ShadowOutcomes;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.HeadlessChromium;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The migration dashboard on a real proxy's admin port (route table in Redis), read by headless Chromium. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class DashboardChromiumIT {

  private static final String WRITER = "writer-token-0123456789";
  private static final String READER = "reader-token-0123456789";
  private static final String TABLE = """
      {"apiVersion": "strangler/v1",
       "backends": {"legacy": {"urls": ["http://127.0.0.1:18081"]}, "catalog": {"urls": ["http://127.0.0.1:18082"]}},
       "routes": [{"id": "catalog-read", "match": {"path": "/api/products/**", "methods": ["GET"]}, "target": "legacy"},
                  {"id": "orders", "match": {"path": "/api/orders/**"}, "target": "legacy"}]}
      """;

  private Vertx vertx;
  private ProxyApplication proxy;
  private int publicPort;
  private HttpClient client;

  private record Reply(int status, MultiMap headers, String body) {}

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    publicPort = FreePort.find();
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(publicPort)),
        Map.entry("STRANGLER_EVENT_LOOPS", "1"), Map.entry("STRANGLER_ADMIN_HOST", "127.0.0.1"),
        Map.entry("STRANGLER_ADMIN_PORT", "0"), Map.entry("STRANGLER_ADMIN_TOKEN", WRITER),
        Map.entry("STRANGLER_ADMIN_READ_TOKEN", READER), Map.entry("STRANGLER_REDIS_URL", ns.endpoint().uri()),
        Map.entry("STRANGLER_REDIS_PREFIX", ns.prefix()), Map.entry("STRANGLER_INSTANCE_ID", "dashboard-1"),
        Map.entry("STRANGLER_SHADOW_RESULTS_REDIS_URL", ns.endpoint().uri()), Map.entry("STRANGLER_SHADOW_RESULTS_FLUSH_MS", "50"),
        // Extracted backends are owed a signed identity: without a key the flip to one is refused.
        Map.entry("STRANGLER_IDENTITY_KEY", "dashboard-identity-key-0123456789abcdef"))));
    proxy.start().await();
    client = vertx.createHttpClient();
    assertThat(call(HttpMethod.PUT, "/admin/routes", WRITER, TABLE).status).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    proxy.stop().await();
  }

  @Test
  void thePageItsScriptAndStyleAreServedWithoutATokenUnderAStrictPolicyAndNeverCached() {
    for (String path : new String[] {"/admin/dashboard", "/admin/dashboard.js", "/admin/dashboard.css"}) {
      Reply reply = call(HttpMethod.GET, path, null, null);

      assertThat(reply.status).as(path).isEqualTo(200);
      assertThat(reply.headers.get("Content-Security-Policy")).as(path).isEqualTo(DashboardPage.CONTENT_SECURITY_POLICY)
          .startsWith("default-src 'self';").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(reply.headers.get("Cache-Control")).as(path).isEqualTo("no-store");
      assertThat(reply.headers.get("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    }
    Reply page = call(HttpMethod.GET, "/admin/dashboard", null, null);
    assertThat(page.headers.get("Content-Type")).startsWith("text/html");
    // No inline script or style, and no data: the page is the same for everyone.
    assertThat(page.body).contains("<script src=\"dashboard.js\" defer></script>").doesNotContain("<script>")
        .doesNotContain("<style").doesNotContain("catalog-read");
    assertThat(call(HttpMethod.GET, "/admin/dashboard.js", null, null).headers.get("Content-Type")).startsWith("text/javascript");
    // The data itself still needs the token.
    assertThat(call(HttpMethod.GET, "/admin/routes", null, null).status).isEqualTo(401);
  }

  @Test
  void thePageShowsTheRoutesAndAFlipMadeThroughTheAdminApiAppearsAfterTheNextPoll(@TempDir Path dir) throws Exception {
    proxy.shadowResults().compared(ShadowOutcomes.match("catalog-read", Duration.ofMillis(10), Duration.ofMillis(12)));
    proxy.shadowResults().compared(ShadowOutcomes.mismatch("catalog-read", "/name/<b>bold</b>"));
    String url = "http://127.0.0.1:" + proxy.adminPort() + "/admin/dashboard#token=" + READER;

    try (HeadlessChromium chromium = HeadlessChromium.open(dir, url)) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(chromium.evaluate(targetOf("catalog-read"))).isEqualTo("legacy"));
      assertThat(chromium.evaluate(targetOf("orders"))).isEqualTo("legacy");
      assertThat(chromium.evaluate("document.getElementById('epoch').textContent")).isEqualTo("1");
      // The token left the address bar at once and lives in the tab's sessionStorage only.
      assertThat((String) chromium.evaluate("location.href")).doesNotContain(READER).doesNotContain("#");
      assertThat(chromium.evaluate("sessionStorage.getItem('strangler.admin.token')")).isEqualTo(READER);
      assertThat(chromium.evaluate("document.querySelectorAll('tr.instance').length")).isEqualTo(1);
      assertThat(chromium.evaluate("document.getElementById('overload-note').textContent")).asString()
          .startsWith("Not shedding. In flight ").contains(", connections ").endsWith(" %.");
      assertThat(chromium.evaluate("document.getElementById('playbooks-note').textContent"))
          .isEqualTo("No playbook has recorded a transition yet.");
      // Shadow results and a mismatch's diff, rendered as text: the markup in the path is never markup in the page.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(chromium.evaluate("document.querySelector('#mismatches section[data-route=\"catalog-read\"] pre')?.textContent ?? ''"))
              .asString().contains("/name/<b>bold</b>"));
      assertThat(chromium.evaluate("document.querySelector('tr.shadowed[data-route=\"catalog-read\"] td:nth-child(2)').textContent")).isEqualTo("2");
      assertThat(chromium.evaluate("document.querySelectorAll('#mismatches b, #shadow b').length")).isEqualTo(0);

      Reply flip = call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "{\"target\": {\"extracted\": \"catalog\"}}");
      assertThat(flip.status).as(flip.body).isEqualTo(200);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(chromium.evaluate(targetOf("catalog-read"))).isEqualTo("extracted catalog"));
      assertThat(chromium.evaluate("document.getElementById('epoch').textContent")).isEqualTo("2");
      assertThat(chromium.evaluate("document.querySelector('tr.route[data-route=\"catalog-read\"] td.share').textContent")).isEqualTo("100 %");
      assertThat(chromium.evaluate(targetOf("orders"))).isEqualTo("legacy");
    }
  }

  @Test
  void thePlaybooksSectionShowsARecordedStateWithItsStepBarAndTheRouteTrafficSplit(@TempDir Path dir) throws Exception {
    JsonObject started = new JsonObject().put("kind", "started").put("step", "shadow").put("stepIndex", 1).put("steps", 5)
        .put("state", "soaking");
    JsonObject advanced = new JsonObject().put("kind", "advanced").put("step", "canary-5").put("stepIndex", 2).put("steps", 5)
        .put("from", "shadow").put("state", "soaking").put("reason", "gate <b>passed</b>")
        .put("numbers", new JsonObject().put("compared", 1200).put("mismatchRate", 0.001));
    assertThat(call(HttpMethod.POST, "/admin/playbooks/catalog/transitions", WRITER, started.encode()).status).isEqualTo(201);
    assertThat(call(HttpMethod.POST, "/admin/playbooks/catalog/transitions", WRITER, advanced.encode()).status).isEqualTo(201);
    assertThat(call(HttpMethod.PUT, "/admin/playbooks/catalog/runner", WRITER, new JsonObject().put("holder", "run-1")
        .put("ttlMs", 60_000).put("note", "<i>ci-7</i>, pid 12").encode()).status).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      // Nothing listens at the monolith's address: each is a 502, a legacy request and a legacy error.
      assertThat(publicGet("/api/products/" + i)).isEqualTo(502);
    }
    String url = "http://127.0.0.1:" + proxy.adminPort() + "/admin/dashboard#token=" + READER;

    try (HeadlessChromium chromium = HeadlessChromium.open(dir, url)) {
      String catalog = "document.querySelector('#playbooks section[data-subdomain=\"catalog\"]')";
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(chromium.evaluate(catalog + "?.querySelector('.state')?.textContent ?? null")).isEqualTo("soaking"));
      assertThat(chromium.evaluate(catalog + ".querySelectorAll('ol.steps li').length")).isEqualTo(5);
      assertThat(chromium.evaluate(catalog + ".querySelector('ol.steps li.current').textContent")).isEqualTo("canary-5");
      assertThat(chromium.evaluate(catalog + ".querySelectorAll('ol.steps li.done').length")).isEqualTo(2);
      assertThat(chromium.evaluate(catalog + ".querySelector('.stands').textContent")).asString().contains("at step canary-5 (3 of 5) since ");
      assertThat(chromium.evaluate(catalog + ".querySelector('.last').textContent")).asString()
          .startsWith("Last transition: advanced by admin at ").endsWith(" — gate <b>passed</b>");
      assertThat(chromium.evaluate(catalog + ".querySelector('pre.numbers').textContent")).asString()
          .contains("\"compared\": 1200").contains("\"mismatchRate\": 0.001");
      assertThat(chromium.evaluate(catalog + ".querySelector('.runner').textContent")).asString()
          .startsWith("Run by admin (<i>ci-7</i>, pid 12) since ");
      assertThat(chromium.evaluate("document.querySelectorAll('#playbooks b, #playbooks i').length")).isEqualTo(0);

      String traffic = "document.querySelector('tr.traffic[data-route=\"catalog-read\"]')";
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(chromium.evaluate(traffic + "?.querySelector('td.legacy-requests')?.textContent ?? null")).isEqualTo("3"));
      assertThat(chromium.evaluate(traffic + ".querySelector('td.extracted-requests').textContent")).isEqualTo("0");
      assertThat(chromium.evaluate(traffic + ".cells[3].textContent")).isEqualTo("0.0 %");
      assertThat(chromium.evaluate(traffic + ".cells[4].textContent")).isEqualTo("100.0 % / –");
    }
  }

  private int publicGet(String uri) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(publicPort).setURI(uri))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode()))));
  }

  @Test
  void aWrongTokenIsForgottenAndThePageAsksForOneShowingNoData(@TempDir Path dir) throws Exception {
    String url = "http://127.0.0.1:" + proxy.adminPort() + "/admin/dashboard#token=wrong-token-0123456789";

    try (HeadlessChromium chromium = HeadlessChromium.open(dir, url)) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(chromium.evaluate("document.getElementById('status')?.textContent ?? null")).isEqualTo("token needed"));
      assertThat(chromium.evaluate("document.getElementById('login').hidden")).isEqualTo(false);
      assertThat(chromium.evaluate("sessionStorage.getItem('strangler.admin.token')")).isNull();
      assertThat(chromium.evaluate("document.querySelectorAll('tr.route').length")).isEqualTo(0);
    }
  }

  private static String targetOf(String route) {
    return "document.querySelector('tr.route[data-route=\"" + route + "\"] td.target')?.textContent ?? null";
  }

  private Reply call(HttpMethod method, String uri, String token, String body) {
    return OnVertx.await(vertx, () -> {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxy.adminPort()).setURI(uri);
      if (token != null) {
        options.putHeader("Authorization", "Bearer " + token);
      }
      if (body != null) {
        options.putHeader("Content-Type", "application/json");
      }
      return client.request(options).compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
          .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString())));
    });
  }
}
