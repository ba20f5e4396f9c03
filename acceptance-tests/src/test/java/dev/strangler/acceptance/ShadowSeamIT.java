package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Shadow mode on real processes: Acme Shop answers every catalog request, a copy goes to catalog-service (found in
 * discovery) and the proxy's fleet-wide shadow summary says how the two compare. A right candidate matches on every
 * request once the monolith's own timestamps are learned as noise; a candidate with 5 % of its prices wrong mismatches on
 * exactly the requests that show those products, at the price only; a dead candidate costs the clients nothing and is
 * counted as a candidate error on every request. The tests run in order: the second breaks the candidate, the third kills it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShadowSeamIT {

  static final int REQUESTS = 300;
  static final long SEED = 20261130L;
  static final String CATALOG_READ = "catalog-read";
  static final String CATEGORIES = "categories";
  /** A few flushes (1 s each) of the results to Redis. */
  static final Duration RESULTS_WITHIN = Duration.ofSeconds(15);

  /** catalog-read states the default shadow block, categories leaves it out: both are the defaults. */
  static final String ROUTES = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://127.0.0.1:${MONOLITH}"]}
        catalog: {service: catalog-service}
      routes:
        - id: catalog-read
          match: {path: /api/products/**, methods: [GET, HEAD]}
          target: {shadow: {primary: legacy, candidate: catalog, percent: 100}}
          shadow: {maxBody: 1MiB, maxInFlight: 32, timeout: 5s, learnNoise: true}
        - id: categories
          match: {path: /api/categories, methods: [GET, HEAD]}
          target: {shadow: {primary: legacy, candidate: catalog, percent: 100}}
      """;

  private final Http http = new Http();
  private final List<String> uris = new CatalogRequests(SEED).next(REQUESTS);
  private Seam seam;
  private ProxyAdmin admin;

  @BeforeAll
  void start() {
    seam = new Seam("shadow-seam").startMonolith().backfillCatalog();
    seam.startCatalog("catalog-a");
    seam.startCatalog("catalog-b");
    seam.startProxy(ROUTES);
    admin = new ProxyAdmin(http, seam);
    await().atMost(Duration.ofSeconds(5)).until(() -> admin.instances("catalog").size() == 2);
  }

  @AfterAll
  void stop() {
    if (seam != null) {
      seam.close();
    }
  }

  @Test
  @Order(1)
  void aRightCandidateMatchesOnEveryRequestWhileEveryClientIsAnsweredByTheMonolith() {
    List<String> stamped = new ArrayList<>();
    Map<String, Long> sent = sendThroughTheProxy((uri, body) -> {
      if (body.contains("\"generatedAt\"")) {
        stamped.add(uri); // each side stamps its own time: these match only with the monolith's learned as noise
      }
    });

    for (String route : List.of(CATALOG_READ, CATEGORIES)) {
      JsonNode summary = settledSummary(route, sent.get(route));
      System.out.printf("right candidate, %s: %s%n", route, summary);
      assertThat(summary.get("compared").asLong()).as(route + ": compared").isEqualTo(sent.get(route));
      assertThat(summary.get("matched").asLong()).as(route + ": matched").isEqualTo(sent.get(route));
      assertThat(summary.get("mismatched").asLong()).as(route + ": mismatched").isZero();
      assertThat(summary.get("matchRate").asDouble()).isEqualTo(1.0);
      assertThat(summary.at("/candidate/errors").asLong()).isZero();
      assertThat(summary.at("/legacy/errors").asLong()).isZero();
      assertThat(summary.get("topPaths")).as("the monolith's generatedAt is learned noise, never reported").isEmpty();
      for (String side : List.of("legacy", "candidate")) {
        assertThat(summary.get(side).get("p50Ms").asDouble()).as(route + ": " + side + " p50").isPositive();
        assertThat(summary.get(side).get("p99Ms").asDouble()).as(route + ": " + side + " p99")
            .isGreaterThanOrEqualTo(summary.get(side).get("p50Ms").asDouble());
      }
    }
    assertThat(sent.get(CATALOG_READ)).isGreaterThan(REQUESTS / 2);
    assertThat(stamped).as("answers carrying the monolith's generatedAt").hasSizeGreaterThan(REQUESTS / 4);
    assertThat(admin.get("/admin/shadow/" + CATALOG_READ + "?limit=100").get("recentMismatches")).isEmpty();
  }

  @Test
  @Order(2)
  void aCandidateWrongInOnePriceOfTwentyMismatchesOnExactlyTheRequestsShowingThoseProducts() {
    resetSummaries();
    Set<String> broken = CatalogReadModel.breakPrices(seam, 0.05, 5);
    List<String> expected = new ArrayList<>();

    Map<String, Long> sent = sendThroughTheProxy((uri, body) -> {
      if (CatalogReadModel.showsAny(body, broken)) {
        expected.add(uri);
      }
    });

    assertThat(expected).as("requests that show a broken product").hasSizeGreaterThan(10);
    JsonNode summary = settledSummary(CATALOG_READ, sent.get(CATALOG_READ));
    System.out.printf("broken candidate (%d of %d catalog-read requests show a broken product): %s%n",
        expected.size(), sent.get(CATALOG_READ), summary);
    assertThat(summary.get("mismatched").asLong()).isEqualTo(expected.size());
    assertThat(summary.get("matched").asLong()).isEqualTo(sent.get(CATALOG_READ) - expected.size());
    assertThat(summary.at("/candidate/errors").asLong()).isZero();
    Set<String> paths = new TreeSet<>();
    summary.get("topPaths").forEach(p -> paths.add(p.get("path").asText()));
    assertThat(paths).isSubsetOf("/price", "/items/*/price").isNotEmpty();
    assertThat(settledSummary(CATEGORIES, sent.get(CATEGORIES)).get("mismatched").asLong())
        .as("categories show no price").isZero();

    JsonNode recent = admin.get("/admin/shadow/" + CATALOG_READ + "?limit=100").get("recentMismatches");
    assertThat(recent).hasSize(Math.min(100, expected.size()));
    for (JsonNode mismatch : recent) {
      assertThat(expected).contains(mismatch.get("uri").asText());
      assertThat(mismatch.get("diffs")).isNotEmpty().allSatisfy(diff -> {
        assertThat(diff.get("path").asText()).matches("/price|/items/\\d+/price");
        assertThat(new BigDecimal(diff.get("candidate").asText()))
            .as("%s: the candidate's price is the monolith's plus 1", diff)
            .isEqualByComparingTo(new BigDecimal(diff.get("legacy").asText()).add(BigDecimal.ONE));
      });
    }
  }

  @Test
  @Order(3)
  void aDeadCandidateCostsTheClientsNothingAndIsCountedAsACandidateErrorOnEveryRequest() {
    resetSummaries();
    seam.catalogs.values().forEach(catalog -> catalog.kill());

    // Half right after the kill (instances still listed in discovery: copies refused), half once they left it (none to copy to).
    List<String> refused = uris.subList(0, REQUESTS / 2);
    List<String> gone = uris.subList(REQUESTS / 2, REQUESTS);
    Map<String, Long> sent = new TreeMap<>(sendThroughTheProxy(refused, (uri, body) -> {}));
    await().atMost(Seam.LEAVES_DISCOVERY_WITHIN).until(() -> admin.instances("catalog").isEmpty());
    sendThroughTheProxy(gone, (uri, body) -> {}).forEach((route, count) -> sent.merge(route, count, Long::sum));

    for (String route : List.of(CATALOG_READ, CATEGORIES)) {
      JsonNode summary = await().atMost(RESULTS_WITHIN).until(() -> listedSummary(route),
          sum -> sum != null && sum.get("compared").asLong() + dropped(sum) >= sent.get(route));
      System.out.printf("dead candidate, %s: %s%n", route, summary);
      // Copies that were sent failed; once a candidate's connections keep failing, copies rest (CANDIDATE_DOWN drops).
      long compared = summary.get("compared").asLong();
      assertThat(compared + dropped(summary)).as(route + ": every request compared or dropped").isEqualTo(sent.get(route));
      assertThat(summary.get("dropped").properties()).as(route + ": why copies were dropped")
          .allSatisfy(reason -> assertThat(reason.getKey()).isEqualTo("candidate_down"));
      assertThat(summary.get("lost")).as(route + ": results lost").isEmpty();
      assertThat(summary.get("skipped").asLong()).as(route + ": skipped (the candidate has no answer)").isEqualTo(compared);
      assertThat(summary.at("/candidate/errors").asLong()).isEqualTo(compared);
      assertThat(summary.at("/legacy/errors").asLong()).isZero();
      assertThat(summary.get("matchRate").isNull()).as("nothing was judged").isTrue();
      assertThat(summary.at("/candidate/p50Ms").isNull()).as("no answer, no latency: a dead candidate never looks fast").isTrue();
    }
    assertThat(sent.get(CATALOG_READ) + sent.get(CATEGORIES)).isEqualTo(REQUESTS);
    long compared = listedSummary(CATALOG_READ).get("compared").asLong() + listedSummary(CATEGORIES).get("compared").asLong();
    Map<String, Long> reasons = skipReasons((int) compared);
    System.out.printf("dead candidate, skip reasons of the last %d comparisons: %s%n", compared, reasons);
    assertThat(reasons.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(compared);
    assertThat(reasons.keySet()).as("why each comparison was skipped")
        .allMatch(reason -> reason.startsWith("candidate has no usable answer: "));
  }

  /** The skip reasons of the stream's newest {@code count} entries, with how often each was given (addresses as *). */
  private Map<String, Long> skipReasons(int count) {
    Map<String, Long> reasons = new TreeMap<>();
    try (Jedis jedis = seam.redis.endpoint().connect()) {
      for (StreamEntry entry : jedis.xrevrange(seam.redis.prefix() + "{shadow}:results", "+", "-", count)) {
        String reason = String.valueOf(entry.getFields().get("skipReason")).replaceAll("127\\.0\\.0\\.1:\\d+", "*");
        reasons.merge(reason, 1L, Long::sum);
      }
    }
    return reasons;
  }

  private Map<String, Long> sendThroughTheProxy(Answered answered) {
    return sendThroughTheProxy(uris, answered);
  }

  /**
   * Sends {@code requests} one at a time through the proxy and straight to the monolith: each client answer must come
   * from the monolith and equal its own (status, content type and body, generatedAt aside); {@code answered} sees each.
   * The requests sent per route.
   */
  private Map<String, Long> sendThroughTheProxy(List<String> requests, Answered answered) {
    Map<String, Long> sent = new TreeMap<>(Map.of(CATALOG_READ, 0L, CATEGORIES, 0L));
    List<String> differences = new ArrayList<>();
    Set<String> servedBy = new TreeSet<>();
    for (String uri : requests) {
      Http.Reply proxied = http.get(seam.proxyUrl() + uri, Map.of());
      Http.Reply legacy = http.get(seam.monolithUrl() + uri, Map.of());
      servedBy.add(String.valueOf(proxied.header("x-strangler-backend")));
      if (proxied.status() != legacy.status() || !String.valueOf(proxied.contentType()).equals(legacy.contentType())
          || !CatalogRequests.withoutNoise(proxied.body()).equals(CatalogRequests.withoutNoise(legacy.body()))) {
        differences.add(uri + "\n  proxy:    " + proxied.status() + " " + proxied.body()
            + "\n  monolith: " + legacy.status() + " " + legacy.body());
      }
      sent.merge(uri.startsWith("/api/categories") ? CATEGORIES : CATALOG_READ, 1L, Long::sum);
      answered.accept(uri, proxied.body());
    }
    assertThat(servedBy).as("who answered the clients").containsExactly("legacy");
    assertThat(differences).as("client answers unlike the monolith's").isEmpty();
    return sent;
  }

  /** What the client got for one request. */
  @FunctionalInterface
  private interface Answered {
    void accept(String uri, String body);
  }

  /**
   * The route's summary in {@code GET /admin/shadow} once every one of its {@code requests} is accounted for, compared
   * or dropped (results are flushed once a second); a drop then fails the test here, never passing for a slow flush.
   */
  private JsonNode settledSummary(String route, long requests) {
    Predicate<JsonNode> settled = summary -> summary != null && summary.get("compared").asLong() + dropped(summary) >= requests;
    JsonNode summary = await().atMost(RESULTS_WITHIN).until(() -> listedSummary(route), settled);
    assertThat(summary.get("dropped")).as(route + ": copies dropped").isEmpty();
    assertThat(summary.get("lost")).as(route + ": results lost").isEmpty();
    return summary;
  }

  /** The route's entry in {@code GET /admin/shadow}; null when it has none (yet). */
  private JsonNode listedSummary(String route) {
    for (JsonNode summary : admin.get("/admin/shadow").get("routes")) {
      if (summary.get("route").asText().equals(route)) {
        return summary;
      }
    }
    return null;
  }

  private void resetSummaries() {
    for (String route : List.of(CATALOG_READ, CATEGORIES)) {
      assertThat(admin.delete("/admin/shadow/" + route).get("since").asText()).isNotBlank();
    }
  }

  private static long dropped(JsonNode summary) {
    long total = 0;
    for (JsonNode count : summary.get("dropped")) {
      total += count.asLong();
    }
    return total;
  }
}
