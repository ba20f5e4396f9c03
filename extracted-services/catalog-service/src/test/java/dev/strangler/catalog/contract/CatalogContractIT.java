package dev.strangler.catalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.catalog.CatalogApplication;
import dev.strangler.catalog.CatalogSettings;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.testsupport.AcmeShopProcess;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract: the real monolith (seeded, on PostgreSQL and Redis) and catalog-service backfilled
 * from it over HTTP answer the same requests with the same status, Content-Type and JSON (members in
 * the same order, numbers written the same), {@code generatedAt} aside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogContractIT {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final PostgresDatabase db = RealPostgres.newDatabase("catalog_contract");
  private final RedisNamespace redis = RealRedis.newNamespace("catalog_contract");
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private AcmeShopProcess monolith;
  private CatalogApplication catalog;

  @BeforeAll
  void startBothSides() {
    monolith = AcmeShopProcess.start(db, redis, Path.of("target", "contract"));
    CatalogSettings settings = CatalogSettings.fromEnvironment(Map.of(
        "CATALOG_HTTP_HOST", "127.0.0.1", "CATALOG_HTTP_PORT", "0",
        "CATALOG_REDIS_URL", redis.endpoint().uri(), "CATALOG_KEY_PREFIX", redis.prefix() + "catalog:",
        "CATALOG_BACKFILL_FROM", monolith.url()));
    catalog = OnVertx.await(vertx, () -> new CatalogApplication(vertx, settings, null).start());
  }

  @AfterAll
  void stopBothSides() {
    if (catalog != null) {
      OnVertx.await(vertx, catalog::stop);
    }
    OnVertx.await(vertx, vertx::close);
    if (monolith != null) {
      monolith.close();
    }
    redis.close();
    db.close();
  }

  @Test
  void everyRequestGetsTheSameAnswerFromBothSides() throws Exception {
    List<String> requests = ContractRequests.all();
    URI catalogBase = URI.create("http://127.0.0.1:" + catalog.port());
    List<String> differences = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (String path : requests) {
      Reply legacy = get(URI.create(monolith.url()), path);
      Reply extracted = get(catalogBase, path);
      statuses.merge(legacy.status(), 1, Integer::sum);
      if (!legacy.equals(extracted)) {
        differences.add(path + "\n  monolith: " + legacy + "\n  catalog:  " + extracted);
      }
    }
    System.out.printf("contract: %d requests (monolith statuses %s), %d differ%n", requests.size(), statuses, differences.size());
    assertThat(statuses).containsKeys(200, 400, 404);
    assertThat(requests).hasSizeGreaterThanOrEqualTo(300);
    assertThat(differences).isEmpty();
  }

  private Reply get(URI base, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), canonical(response.body()));
  }

  /** The body re-written with members in their order and numbers as sent, generatedAt removed (declared noise). */
  private static String canonical(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json instanceof ObjectNode object) {
        object.remove("generatedAt");
      }
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      return "(not JSON) " + body;
    }
  }

  private record Reply(int status, String contentType, String body) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
    }
  }
}
