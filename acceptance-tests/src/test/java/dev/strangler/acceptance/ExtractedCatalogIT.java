package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.JavaProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 4's checks, on real processes: Acme Shop, the proxy and two catalog-service instances on one
 * Redis, the catalog routed to the extracted service. The tests run in order: the last ones kill the
 * catalog instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtractedCatalogIT {

  static final String ROUTES = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://127.0.0.1:${MONOLITH}"]}
        catalog: {service: catalog-service}
      routes:
        - id: catalog-read
          match: {path: /api/products/**, methods: [GET, HEAD]}
          target: {extracted: catalog}
          fallbackToLegacy: true
          timeouts: {connect: 500ms, response: 5s}
        - id: categories
          match: {path: /api/categories, methods: [GET, HEAD]}
          target: {extracted: catalog}
          fallbackToLegacy: true
        # A write route flipped to the extracted side: unsafe, so never retried or sent to the monolith.
        - id: catalog-write
          match: {path: /api/products/**, methods: [POST, PUT]}
          target: {extracted: catalog}
          sideEffect: unsafe
        - id: recently-viewed
          match: {path: /api/recently-viewed}
          target: {extracted: catalog}
          requireSession: true
      """;

  private final Http http = new Http();
  private Seam seam;

  @BeforeAll
  void start() {
    seam = new Seam("extracted-catalog").startMonolith().backfillCatalog();
    seam.startCatalog("catalog-a");
    seam.startCatalog("catalog-b");
    seam.startProxy(ROUTES);
    await().atMost(Duration.ofSeconds(5)).until(() -> catalogInstances().size() == 2);
  }

  @AfterAll
  void stop() {
    if (seam != null) {
      seam.close();
    }
  }

  @Test
  @Order(1)
  void fiveHundredVariedCatalogRequestsAreAnsweredByCatalogServiceExactlyAsByTheMonolith() throws Exception {
    List<String> differences = new ArrayList<>();
    Set<String> servedBy = ConcurrentHashMap.newKeySet();
    for (String uri : new CatalogRequests(20261129L).next(500)) {
      Http.Reply extracted = http.get(seam.proxyUrl() + uri, Map.of());
      Http.Reply legacy = http.get(seam.monolithUrl() + uri, Map.of());
      servedBy.add(extracted.header("x-strangler-backend"));
      if (extracted.status() != legacy.status() || !extracted.contentType().equals(legacy.contentType())
          || !CatalogRequests.withoutNoise(extracted.body()).equals(CatalogRequests.withoutNoise(legacy.body()))) {
        differences.add(uri + "\n  catalog-service: " + extracted.status() + " " + extracted.body()
            + "\n  monolith:        " + legacy.status() + " " + legacy.body());
      }
    }

    assertThat(servedBy).as("every answer came from catalog-service, none fell back").containsExactly("catalog");
    assertThat(differences).as("requests answered differently").isEmpty();
  }

  @Test
  @Order(2)
  void aSessionLoggedInOnTheMonolithIsRecognisedByCatalogServiceUntilTheLogout() {
    Http.Reply login = http.send("POST", seam.proxyUrl() + "/api/login", Map.of(),
        "{\"email\": \"customer001@acme.test\", \"password\": \"password123\"}");
    assertThat(login.status()).isEqualTo(200);
    String cookie = login.header("set-cookie").split(";", 2)[0];
    Map<String, String> session = Map.of("Cookie", cookie);

    assertThat(http.get(seam.proxyUrl() + "/api/products/ACME-00042", session).status()).isEqualTo(200);
    Http.Reply viewed = http.get(seam.proxyUrl() + "/api/recently-viewed", session);
    assertThat(viewed.status()).isEqualTo(200);
    assertThat(viewed.body()).contains("customer001@acme.test").contains("ACME-00042");

    assertThat(http.send("POST", seam.proxyUrl() + "/api/logout", session, null).status()).isLessThan(300);
    Http.Reply after = http.get(seam.proxyUrl() + "/api/recently-viewed", session);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.contentType()).startsWith("application/problem+json");
  }

  @Test
  @Order(3)
  void aForgedIdentityIsNeverTrusted() {
    String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZW1haWwiOiJjdXN0b21lcjAwMUBhY21lLnRlc3QifQ.forged";
    Map<String, String> headers = Map.of("X-Strangler-Identity", forged);

    assertThat(http.get(seam.proxyUrl() + "/api/recently-viewed", headers).status())
        .as("through the proxy: the header is stripped, and there is no session").isEqualTo(401);
    int catalogPort = firstCatalogPort();
    assertThat(http.get("http://127.0.0.1:" + catalogPort + "/api/recently-viewed", headers).status())
        .as("straight to catalog-service: the signature doesn't verify").isEqualTo(401);
  }

  @Test
  @Order(4)
  void killingOneInstanceUnderLoadCostsNoGetAndItLeavesDiscoveryWithinTheHeartbeatWindow() throws Exception {
    JavaProcess doomed = seam.catalogs.get("catalog-a");
    String doomedUrl = "http://127.0.0.1:" + port(doomed);
    ConcurrentMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> uris = new CatalogRequests(4L).next(200);
    try (var load = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int client = 0; client < 4; client++) {
        int offset = client * 50;
        load.submit(() -> {
          for (int i = offset; running.get(); i++) {
            int status = http.get(seam.proxyUrl() + uris.get(i % uris.size()), Map.of()).status();
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
          }
          return null;
        });
      }
      await().until(() -> total(statuses) >= 200);
      long killedAt = System.nanoTime();
      doomed.kill();
      await().atMost(Seam.LEAVES_DISCOVERY_WITHIN).pollInterval(Duration.ofMillis(100))
          .until(() -> !catalogInstances().contains(doomedUrl));
      Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
      int before = total(statuses);
      await().until(() -> total(statuses) >= before + 200); // and it keeps serving after
      running.set(false);
      System.out.printf("catalog-a left discovery %d ms after SIGKILL; %d GETs, statuses %s%n",
          gone.toMillis(), total(statuses), statuses);
    }

    assertThat(statuses.keySet()).as("statuses seen under load").allMatch(status -> status < 500);
  }

  @Test
  @Order(5)
  void withBothInstancesKilledGetsAreServedByTheMonolithAndAnUnsafePostGets503() {
    seam.catalogs.get("catalog-b").kill();
    await().atMost(Seam.LEAVES_DISCOVERY_WITHIN).until(() -> catalogInstances().isEmpty());

    Http.Reply get = http.get(seam.proxyUrl() + "/api/products/ACME-00007", Map.of());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("x-strangler-backend")).isEqualTo("legacy");

    Http.Reply post = http.send("POST", seam.proxyUrl() + "/api/products", Map.of(),
        "{\"sku\": \"ACME-77777\", \"name\": \"Never Twice\", \"price\": 1.00, \"category\": \"home\", \"stock\": 1}");
    assertThat(post.status()).isEqualTo(503);
    assertThat(post.contentType()).startsWith("application/problem+json");
    assertThat(http.get(seam.monolithUrl() + "/api/products/ACME-77777", Map.of()).status())
        .as("the monolith never received the POST").isEqualTo(404);
  }

  /** The catalog instances the proxy routes to, as its admin API shows them. */
  private Set<String> catalogInstances() {
    return new ProxyAdmin(http, seam).instances("catalog");
  }

  private int firstCatalogPort() {
    return port(seam.catalogs.get("catalog-b"));
  }

  private int port(JavaProcess catalog) {
    return seam.catalogPorts.get(catalog);
  }

  private static int total(Map<Integer, AtomicInteger> statuses) {
    return statuses.values().stream().mapToInt(AtomicInteger::get).sum();
  }
}
