package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.testsupport.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6's end-to-end check, on real processes: catalog traffic captured at the proxy, exported with
 * {@code strangler capture export}, replayed with {@code strangler replay} against Acme Shop and catalog-service.
 * A right candidate replays clean (the monolith's timestamps and request ids are learned as noise); a candidate whose
 * read model has one wrong field for 5 % of the products is caught on exactly the requests that show those
 * products, at that field, and the replay exits non-zero. The tests run in order: the second breaks the candidate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureReplayIT {

  static final int REQUESTS = 400;
  static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);

  static final String ROUTES = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://127.0.0.1:${MONOLITH}"]}
      routes:
        - id: catalog-read
          match: {path: /api/products/**, methods: [GET, HEAD]}
          target: legacy
          capture: {percent: 100}
        - id: categories
          match: {path: /api/categories, methods: [GET, HEAD]}
          target: legacy
          capture: {percent: 100}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http = new Http();
  private Seam seam;
  private Path work;
  private Path capture;
  private String catalogUrl;

  @BeforeAll
  void captureCatalogTraffic() throws IOException {
    seam = new Seam("capture-replay").startMonolith().backfillCatalog();
    JavaProcess catalog = seam.startCatalog("catalog-a");
    catalogUrl = "http://127.0.0.1:" + seam.catalogPorts.get(catalog);
    seam.startProxy(ROUTES);
    work = Files.createDirectories(seam.logs.resolve("replay"));
    for (String path : new CatalogRequests(66).next(REQUESTS)) {
      assertThat(http.get(seam.proxyUrl() + path, Map.of()).status()).isLessThan(500);
    }
    // The proxy writes each record after the answer, asynchronously: wait until all are in the stream.
    await().atMost(Duration.ofSeconds(20)).until(() -> exportedLines() == REQUESTS);
    Path tokenFile = Files.writeString(work.resolve("admin-token"), Seam.ADMIN_TOKEN);
    capture = work.resolve("capture.jsonl");
    int exit = cli("capture-export", "capture", "export", "--admin", seam.adminUrl(), "--token-file", tokenFile.toString(),
        "--out", capture.toString(), "--no-progress");
    assertThat(exit).as("strangler capture export's exit code").isZero();
  }

  @AfterAll
  void stop() {
    if (seam != null) {
      seam.close();
    }
  }

  @Test
  @Order(1)
  void theExportHoldsEveryRequestAsTheClientSentAndGotIt() throws IOException {
    List<CapturedExchange> lines = captured();

    assertThat(lines).hasSize(REQUESTS);
    assertThat(lines).extracting(CapturedExchange::route).containsOnly("catalog-read", "categories");
    assertThat(lines).allSatisfy(line -> assertThat(line.response().servedBy()).isEqualTo("legacy"));
  }

  @Test
  @Order(2)
  void aRightCandidateReplaysWithoutAMismatchOnceNoiseIsLearned() throws IOException {
    Path json = work.resolve("clean.json");
    Path html = work.resolve("clean.html");

    int exit = replay("replay-clean", json, html);

    JsonNode report = JSON.readTree(json.toFile());
    assertThat(report.at("/totals/mismatched").asLong()).as(report.at("/mismatched").toString()).isZero();
    assertThat(report.at("/totals/errors").asLong()).as(report.at("/errors").toString()).isZero();
    assertThat(report.at("/totals/compared").asLong()).isEqualTo(REQUESTS);
    assertThat(exit).isZero();
    assertThat(Files.readString(html)).contains("catalog-read", "categories");
  }

  @Test
  @Order(3)
  void aCandidateWrongInOneFieldForFivePercentOfProductsIsCaughtOnExactlyThoseRequests() throws IOException {
    Set<String> broken = CatalogReadModel.breakPrices(seam, 0.05, 5);
    Set<Integer> expected = new TreeSet<>();
    List<CapturedExchange> lines = captured();
    for (int i = 0; i < lines.size(); i++) {
      if (showsAny(lines.get(i), broken)) {
        expected.add(i + 1);
      }
    }
    assertThat(expected).as("requests that show a broken product").hasSizeGreaterThan(10);
    Path json = work.resolve("broken.json");

    int exit = replay("replay-broken", json, work.resolve("broken.html"));

    JsonNode report = JSON.readTree(json.toFile());
    Set<Integer> reported = new TreeSet<>();
    Set<String> paths = new TreeSet<>();
    for (JsonNode result : report.get("mismatched")) {
      reported.add(result.get("line").asInt());
      result.get("differences").forEach(d -> paths.add(d.get("path").asText().replaceAll("/\\d+/", "/*/")));
    }
    assertThat(reported).isEqualTo(expected);
    assertThat(paths).isSubsetOf("/price", "/items/*/price").isNotEmpty();
    assertThat(report.at("/totals/errors").asLong()).isZero();
    assertThat(exit).as("the replay's exit code over the mismatch threshold").isEqualTo(1);
  }

  /** Whether the recorded answer holds one of the products (a detail, or an item of a list). */
  private static boolean showsAny(CapturedExchange line, Set<String> skus) {
    return CatalogReadModel.showsAny(new String(line.response().body(), StandardCharsets.UTF_8), skus);
  }

  private int replay(String name, Path json, Path html) {
    return cli(name, "replay", "--capture", capture.toString(), "--legacy", seam.monolithUrl(), "--candidate", catalogUrl,
        "--concurrency", "4", "--max-mismatch-rate", "0", "--json", json.toString(), "--html", html.toString(),
        "--no-progress");
  }

  private List<CapturedExchange> captured() throws IOException {
    List<CapturedExchange> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(capture);
    for (int i = 0; i < lines.size(); i++) {
      out.add(CaptureLines.read(lines.get(i), capture + ":" + (i + 1)));
    }
    return out;
  }

  private long exportedLines() {
    Http.Reply reply = http.get(seam.adminUrl() + "/admin/capture", Map.of("Authorization", "Bearer " + Seam.ADMIN_TOKEN));
    return reply.status() != 200 ? -1 : reply.body().lines().count();
  }

  private int cli(String name, String... args) {
    JavaProcess cli = JavaProcess.start(name, Seam.jar("acceptance.cli.jar"), Map.of(), List.of(args), seam.logs);
    int exit = cli.awaitExit(CLI_TIMEOUT);
    if (exit != 0 && exit != 1) {
      throw new IllegalStateException(name + " exited with " + exit + "; its log ends:\n" + cli.logTail(40));
    }
    return exit;
  }
}
