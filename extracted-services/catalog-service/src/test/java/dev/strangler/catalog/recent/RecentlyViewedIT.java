package dev.strangler.catalog.recent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.catalog.CatalogApplication;
import dev.strangler.catalog.CatalogSettings;
import dev.strangler.catalog.backfill.FakeMonolith;
import dev.strangler.servicekit.identity.TestTokens;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A logged-in customer's recently viewed products: known only through the identity the proxy signs. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RecentlyViewedIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private FakeMonolith monolith;
  private CatalogApplication app;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    monolith = new FakeMonolith(vertx, 30);
    app = OnVertx.await(vertx, () -> new CatalogApplication(vertx, CatalogSettings.fromEnvironment(Map.of(
        "CATALOG_HTTP_HOST", "127.0.0.1", "CATALOG_HTTP_PORT", "0",
        "CATALOG_REDIS_URL", ns.endpoint().uri(), "CATALOG_KEY_PREFIX", ns.prefix() + "catalog:",
        "CATALOG_BACKFILL_FROM", monolith.base().toString(),
        "CATALOG_SERVICE_NAME", TestTokens.SERVICE, "CATALOG_IDENTITY_KEY", TestTokens.KEY)), null).start());
  }

  @AfterEach
  void stop() {
    OnVertx.await(vertx, app::stop);
    monolith.close();
  }

  @Test
  void productsShownToACustomerAreListedNewestFirstWithoutRepeats() throws Exception {
    String token = TestTokens.valid(vertx);
    for (String sku : List.of("ACME-00003", "ACME-00007", "ACME-00003", "ACME-00012")) {
      assertThat(get("/api/products/" + sku, token).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> recent = get("/api/recently-viewed", token);

    assertThat(recent.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(recent.body());
    assertThat(body.getString("email")).isEqualTo("customer001@acme.test");
    assertThat(body.getJsonArray("items").stream().map(p -> ((JsonObject) p).getString("sku")).toList())
        .containsExactly("ACME-00012", "ACME-00003", "ACME-00007");
  }

  @Test
  void onlyTheLastTenAreKept() throws Exception {
    String token = TestTokens.valid(vertx);
    for (int i = 1; i <= 12; i++) {
      get("/api/products/ACME-%05d".formatted(i), token);
    }

    JsonObject body = new JsonObject(get("/api/recently-viewed", token).body());

    assertThat(body.getJsonArray("items")).hasSize(RecentlyViewed.DEFAULT_LIMIT);
    assertThat(body.getJsonArray("items").getJsonObject(0).getString("sku")).isEqualTo("ACME-00012");
  }

  @Test
  void anAnonymousVisitorGets401AndViewsNothing() throws Exception {
    assertThat(get("/api/products/ACME-00003", null).statusCode()).isEqualTo(200);

    HttpResponse<String> recent = get("/api/recently-viewed", null);

    assertThat(recent.statusCode()).isEqualTo(401);
    assertThat(recent.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void aTamperedOrUnsignedIdentityIsRefusedEverywhere() throws Exception {
    assertThat(get("/api/recently-viewed", TestTokens.tampered(vertx)).statusCode()).isEqualTo(401);
    assertThat(get("/api/products/ACME-00003", TestTokens.unsigned()).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("X-Strangler-Identity", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
