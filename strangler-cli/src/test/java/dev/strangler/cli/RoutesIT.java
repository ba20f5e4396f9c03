package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strangler routes and strangler status against a real proxy whose route table lives in a real Redis. */
class RoutesIT {

    private static final String TABLE = """
            apiVersion: strangler/v1
            backends:
              legacy: {urls: ["http://127.0.0.1:%d"]}
              catalog: {urls: ["http://127.0.0.1:%d"]}
            routes:
              - {id: catalog-read, match: {path: /api/products/**, methods: [GET]}, target: legacy}
              - {id: categories, match: {path: /api/categories, methods: [GET]}, target: %s}
            """;

    @TempDir
    Path dir;

    private AdminProxy proxy;
    private Vertx vertx;
    private int legacyPort;
    private int catalogPort;
    private int publicPort;
    private String admin;
    private Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        proxy = new AdminProxy("cli-routes", dir, Map.of());
        vertx = proxy.vertx();
        legacyPort = backend();
        catalogPort = backend();
        publicPort = proxy.publicPort();
        admin = proxy.admin();
        tokenFile = proxy.tokenFile();
        Cli.Run first = routes("apply", table("legacy", "first.yaml").toString(), "--wait");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("epoch 1");
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** A loopback server answering the same JSON to every request, as legacy and its extracted copy would. */
    private int backend() {
        return OnVertx.await(vertx, () -> vertx.createHttpServer()
                .requestHandler(req -> req.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}"))
                .listen(0, "127.0.0.1")).actualPort();
    }

    private Path table(String categoriesTarget, String name) throws Exception {
        return Files.writeString(dir.resolve(name), TABLE.formatted(legacyPort, catalogPort, categoriesTarget));
    }

    private Cli.Run routes(String... args) {
        List<String> all = new ArrayList<>(List.of("routes"));
        all.addAll(List.of(args));
        all.addAll(List.of("--admin", admin, "--token-file", tokenFile.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void listShowsEveryRouteInItsOneLineFormAndShowOneOfThem() {
        Cli.Run list = routes("list");
        Cli.Run show = routes("show", "catalog-read");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).hasSize(2).satisfiesExactly(
                l -> assertThat(l).startsWith("catalog-read: Path(\"/api/products/**\")").endsWith("-> legacy"),
                l -> assertThat(l).startsWith("categories: Path(\"/api/categories\")"));
        assertThat(list.err()).contains("epoch 1");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out().strip()).isEqualTo(list.out().lines().findFirst().orElseThrow());
    }

    @Test
    void anAppliedTableIsInTheHistoryWithItsActorReasonAndChange() throws Exception {
        Cli.Run apply = routes("apply", table("{extracted: catalog}", "second.yaml").toString(), "--actor", "alice",
                "--reason", "categories extracted", "--if-match", "1");
        Cli.Run history = routes("history");

        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).startsWith("epoch 2").contains("~ route categories");
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out().lines().findFirst().orElseThrow()).startsWith("epoch 2").contains("alice")
                .endsWith("categories extracted");
        assertThat(history.out()).contains("  ~ route categories").contains("epoch 1");
    }

    @Test
    void aFlipThenARollbackRestoresTheRoute() {
        String before = routes("show", "catalog-read").out();

        Cli.Run flip = routes("flip", "catalog-read", "{extracted: catalog}", "--wait", "--reason", "go");
        assertThat(flip.exitCode()).as(flip.err()).isZero();
        assertThat(flip.out()).startsWith("epoch 2").contains("applied by all 1 proxies");
        assertThat(routes("show", "catalog-read").out()).contains("extracted(\"catalog\")");

        Cli.Run rollback = routes("rollback", "1");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).startsWith("epoch 3");
        assertThat(routes("show", "catalog-read").out()).isEqualTo(before);
    }

    @Test
    void aPercentAloneChangesOnlyACanarysShareAndWithATargetIsAUsageError() {
        assertThat(routes("flip", "catalog-read", "{\"canary\": {\"backend\": \"catalog\", \"percent\": 5}}").exitCode()).isZero();

        Cli.Run share = routes("flip", "catalog-read", "--percent", "40", "--json");
        Cli.Run both = routes("flip", "catalog-read", "legacy", "--percent", "40");
        Cli.Run notCanary = routes("flip", "categories", "--percent", "40");

        assertThat(share.exitCode()).as(share.err()).isZero();
        assertThat(share.out()).contains("\"epoch\" : 3").contains("canary(\\\"catalog\\\", 40");
        assertThat(routes("show", "catalog-read").out()).contains("canary(\"catalog\", 40");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("give TARGET or --percent N");
        assertThat(notCanary.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(notCanary.err()).contains("(409): route 'categories' is not a canary or shadow route");
    }

    @Test
    void extractAddsTheNewServicesRouteToTheServingTableInLegacyModeOnce() throws Exception {
        Path project = skeleton("project");
        Path elsewhere = skeleton("elsewhere");

        Cli.Run run = Cli.run("extract", "billing", "--dir", project.toString(), "--admin", admin, "--token-file",
                tokenFile.toString(), "--reason", "billing scaffolded");
        Cli.Run again = Cli.run("extract", "billing", "--dir", elsewhere.toString(), "--admin", admin, "--token-file",
                tokenFile.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("created extracted-services/billing-service/pom.xml",
                "adding route billing: Path(\"/api/billing/**\") -> legacy to the proxy's table", "epoch 2", "route billing");
        assertThat(routes("show", "billing").out().strip()).isEqualTo("billing: Path(\"/api/billing/**\") -> legacy");
        assertThat(routes("history").out().lines().findFirst().orElseThrow()).startsWith("epoch 2").endsWith("billing scaffolded");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.EXISTS);
        assertThat(again.err()).contains("the route table has a route 'billing' already: not changed");
        assertThat(elsewhere.resolve("extracted-services/billing-service")).doesNotExist();
        assertThat(routes("list").err()).contains("epoch 2");
    }

    private Path skeleton(String name) throws Exception {
        Path project = Files.createDirectories(dir.resolve(name).resolve("extracted-services"));
        Files.copy(Path.of("../extracted-services/pom.xml"), project.resolve("pom.xml"));
        return project.getParent();
    }

    @Test
    void diffOfAFileWithOneChangedRouteListsExactlyThatRouteAndChangesNothing() throws Exception {
        Cli.Run diff = routes("diff", table("{extracted: catalog}", "changed.yaml").toString());

        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("~ route categories: ")
                .contains("legacy =>").contains("extracted(\"catalog\")"));
        assertThat(routes("list").err()).contains("epoch 1");
        Cli.Run same = routes("diff", table("legacy", "same.yaml").toString());
        assertThat(same.out()).isEmpty();
        assertThat(same.err()).contains("no change");
    }

    @Test
    void diffOfAFileTheReaderRefusesExitsTwoWithItsProblems() throws Exception {
        Path bad = Files.writeString(dir.resolve("unreadable.yaml"), "apiVersion: strangler/v1\nroutes:\n  - {id: x}\n");

        Cli.Run diff = routes("diff", bad.toString());

        assertThat(diff.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(diff.err()).contains(bad + " is not a valid route table:").contains("  - ");
        assertThat(diff.out()).isEmpty();
    }

    @Test
    void aRefusedTableExitsTwoWithEveryProblemItLists() throws Exception {
        Cli.Run run = routes("apply", table("{extracted: nowhere}", "bad.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(run.err()).contains("(422): the route table is invalid").contains("  - ").contains("nowhere");
        assertThat(routes("list").err()).contains("epoch 1");
    }

    @Test
    void aWrongTokenExitsFourAndNeverShowsTheToken() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-admin-token");
        Cli.Run run = Cli.run("routes", "list", "--admin", admin, "--token-file", wrong.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("refused the token (401)").doesNotContain("not-the-admin-token");
    }

    @Test
    void aProxyThatIsDownExitsThree() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Cli.Run run = Cli.run("status", "--admin", "http://127.0.0.1:" + closed, "--token-file", tokenFile.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("cannot reach the admin API at http://127.0.0.1:" + closed);
    }

    @Test
    void statusShowsACanarysShareAndAShadowedRoutesMatchRate() throws Exception {
        assertThat(routes("flip", "catalog-read", "{canary: {backend: catalog, percent: 25}}").exitCode()).isZero();
        assertThat(routes("flip", "categories", "{shadow: {primary: legacy, candidate: catalog, percent: 100}}", "--wait")
                .exitCode()).isZero();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + publicPort + "/api/categories")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).isEqualTo(200);
            }
        }
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = json.readTree(Cli.run("status", "--json", "--admin", admin, "--token-file",
                    tokenFile.toString()).out());
            assertThat(status.at("/routes/1/shadow/compared").asLong()).isEqualTo(5);
        });

        Cli.Run status = Cli.run("status", "--admin", admin, "--token-file", tokenFile.toString());
        Cli.Run asJson = Cli.run("status", "--json", "--admin", admin, "--token-file", tokenFile.toString());

        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode result = json.readTree(asJson.out());
        assertThat(result.at("/routes/0/extractedShare").asDouble()).isEqualTo(0.25);
        assertThat(result.at("/routes/1/extractedShare").asDouble()).isZero();
        assertThat(result.at("/routes/1/shadow/matchRate").asDouble()).isEqualTo(1.0);
        assertThat(result.at("/fleet/allApplied").asBoolean()).isTrue();
        assertThat(status.out()).contains("route table epoch 3");
        assertThat(status.out().lines().filter(l -> l.startsWith("catalog-read"))).singleElement()
                .satisfies(l -> assertThat(l).contains("canary catalog 25%").contains("25.0%"));
        assertThat(status.out().lines().filter(l -> l.startsWith("categories"))).singleElement()
                .satisfies(l -> assertThat(l).contains("shadow catalog 100%").contains("0.0%").contains("100.0%")
                        .contains("0.0%/0.0%"));
        assertThat(status.out()).containsPattern("catalog\\s+CLOSED").contains("fleet: epoch 3, 1 proxies, all applied it");
    }

    @Test
    void statusShowsTheShareTheExtractedSideServedAndBothSidesErrorsAndLatency() throws Exception {
        assertThat(routes("flip", "catalog-read", "{canary: {backend: catalog, percent: 50}}", "--wait").exitCode()).isZero();
        int requests = 40;
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < requests; i++) { // one cohort each: a session cookie of its own
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + publicPort + "/api/products/ACME-00001"))
                        .header("Cookie", "SESSION=cohort-" + i).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).isEqualTo(200);
            }
        }
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode traffic = json.readTree(Cli.run("status", "--json", "--admin", admin, "--token-file",
                    tokenFile.toString()).out()).at("/routes/0/traffic");
            assertThat(traffic.at("/legacy/requests").asLong() + traffic.at("/extracted/requests").asLong()).isEqualTo(requests);
        });

        JsonNode route = json.readTree(Cli.run("status", "--json", "--admin", admin, "--token-file", tokenFile.toString()).out())
                .at("/routes/0");
        Cli.Run status = Cli.run("status", "--admin", admin, "--token-file", tokenFile.toString());

        long extracted = route.at("/traffic/extracted/requests").asLong();
        assertThat(extracted).as("cohorts on each side").isBetween(1L, requests - 1L);
        assertThat(route.path("servedShare").asDouble()).isEqualTo((double) extracted / requests);
        assertThat(status.out().lines().filter(l -> l.startsWith("catalog-read"))).singleElement()
                .satisfies(l -> assertThat(l).contains("canary catalog 50%", "50.0%",
                        String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * extracted / requests), "0.0%/0.0%"));
    }
}
