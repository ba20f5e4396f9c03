package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayComparisonIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String sku(int i) {
        return "ACME-%05d".formatted(i);
    }

    private static String product(String sku, String price) {
        return "{\"sku\":\"" + sku + "\",\"name\":\"Product " + sku + "\",\"price\":" + price + ",\"tags\":[\"a\",\"b\"]}";
    }

    private static Backend catalog(Set<String> wrongPrice) {
        return new Backend(request -> {
            String sku = request.uri().substring("/api/products/".length());
            return Backend.Answer.json(product(sku, wrongPrice.contains(sku) ? "13.00" : "12.50"));
        });
    }

    private Path productCapture(int products) {
        Captures captures = new Captures();
        for (int i = 1; i <= products; i++) {
            captures.get("catalog-read", "/api/products/" + sku(i));
        }
        return captures.write(dir.resolve("capture.jsonl"));
    }

    private Cli.Run replay(Path capture, Backend legacy, Backend candidate, String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "--capture", capture.toString(), "--legacy", legacy.url(),
                "--candidate", candidate.url(), "--json", dir.resolve("result.json").toString(),
                "--html", dir.resolve("report.html").toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private JsonNode result() throws Exception {
        return JSON.readTree(dir.resolve("result.json").toFile());
    }

    @Test
    void identicalBackendsHaveNoMismatchExitZeroAndWriteJsonAndHtml() throws Exception {
        try (Backend legacy = catalog(Set.of()); Backend candidate = catalog(Set.of())) {
            Cli.Run run = replay(productCapture(20), legacy, candidate);

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("catalog-read").contains("PASSED");
            JsonNode result = result();
            assertThat(result.at("/totals/requests").asInt()).isEqualTo(20);
            assertThat(result.at("/totals/matched").asInt()).isEqualTo(20);
            assertThat(result.at("/totals/mismatched").asInt()).isZero();
            assertThat(result.at("/passed").asBoolean()).isTrue();
            assertThat(result.at("/routes/0/legacy/samples").asInt()).isEqualTo(20);
            assertThat(Files.readString(dir.resolve("report.html"))).contains("data-route=\"catalog-read\"");
            // Each request went to legacy twice and to the candidate once.
            assertThat(legacy.seen()).hasSize(40);
            assertThat(candidate.seen()).hasSize(20);
        }
    }

    @Test
    void whatLegacyChangesByItselfIsLearnedNoiseNotAMismatch() throws Exception {
        Backend.Handler noisy = request -> Backend.Answer.json("{\"sku\":\"ACME-00001\",\"price\":12.50,\"generatedAt\":\""
                + java.time.Instant.now() + "\",\"requestId\":\"" + UUID.randomUUID() + "\"}");
        try (Backend legacy = new Backend(noisy); Backend candidate = new Backend(noisy)) {
            Cli.Run run = replay(productCapture(10), legacy, candidate);

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            JsonNode result = result();
            assertThat(result.at("/totals/mismatched").asInt()).isZero();
            assertThat(result.at("/mismatched")).isEmpty();
            assertThat(result.at("/routes/0/noisePairs").asInt()).isEqualTo(10);
            assertThat(result.at("/routes/0/learnedNoise").findValuesAsText("name"))
                    .containsExactlyInAnyOrder("/generatedAt", "/requestId");
            assertThat(run.out()).doesNotContain("differs:");
        }
    }

    @Test
    void noiseLearnedOnSomeRequestsOfARouteIsNoiseOnAllOfThem() throws Exception {
        // A clock with coarse ticks: legacy's two answers to a request mostly agree, the candidate's never does.
        AtomicInteger legacyCalls = new AtomicInteger();
        AtomicInteger candidateCalls = new AtomicInteger();
        try (Backend legacy = new Backend(r -> Backend.Answer.json(
                     "{\"price\":12.50,\"generatedAt\":\"L" + legacyCalls.getAndIncrement() / 3 + "\"}"));
             Backend candidate = new Backend(r -> Backend.Answer.json(
                     "{\"price\":12.50,\"generatedAt\":\"C" + candidateCalls.getAndIncrement() + "\"}"))) {
            Path capture = productCapture(6);
            // One at a time, legacy's pairs are (L0,L0) (L0,L1) (L1,L1) (L2,L2) (L2,L3) (L3,L3).
            Cli.Run run = replay(capture, legacy, candidate, "--concurrency", "1");

            assertThat(run.exitCode()).as(run.out()).isZero();
            JsonNode result = result();
            assertThat(result.at("/totals/matched").asInt()).isEqualTo(6);
            assertThat(result.at("/routes/0/learnedNoise/0/name").asText()).isEqualTo("/generatedAt");
            assertThat(result.at("/routes/0/learnedNoise/0/count").asInt()).isEqualTo(2);
            assertThat(result.at("/routes/0/matchedByLearnedNoise").asInt()).isEqualTo(4);
            assertThat(run.out()).contains("catalog-read: 4 requests matched once the route's learned noise was left out");

            legacyCalls.set(0);
            Cli.Run ownPairOnly = replay(capture, legacy, candidate, "--concurrency", "1",
                    "--learned-noise-min-pairs", "3");
            assertThat(ownPairOnly.exitCode()).isEqualTo(ExitCodes.MISMATCH);
            assertThat(result().at("/mismatched").findValuesAsText("uri")).containsExactly(
                    "/api/products/ACME-00001", "/api/products/ACME-00003", "/api/products/ACME-00004",
                    "/api/products/ACME-00006");
        }
    }

    @Test
    void aCandidateWrongForFivePercentOfProductsIsReportedExactlyThereAndFails() throws Exception {
        Set<String> wrong = Set.of(sku(7), sku(23), sku(48), sku(61), sku(99));
        try (Backend legacy = catalog(Set.of()); Backend candidate = catalog(wrong)) {
            Cli.Run run = replay(productCapture(100), legacy, candidate);

            assertThat(run.exitCode()).isEqualTo(ExitCodes.MISMATCH);
            JsonNode result = result();
            assertThat(result.at("/totals/mismatched").asInt()).isEqualTo(5);
            assertThat(result.at("/totals/matched").asInt()).isEqualTo(95);
            assertThat(result.at("/mismatchRate").asDouble()).isEqualTo(0.05);
            List<String> uris = result.at("/mismatched").findValuesAsText("uri");
            assertThat(uris).containsExactlyInAnyOrderElementsOf(wrong.stream().map(s -> "/api/products/" + s).toList());
            assertThat(result.at("/mismatched").findValuesAsText("path")).containsOnly("/price");
            assertThat(result.at("/mismatched/0/differences/0/legacy").asText()).isEqualTo("12.50");
            assertThat(result.at("/mismatched/0/differences/0/candidate").asText()).isEqualTo("13.00");
            assertThat(result.at("/routes/0/differingPaths/0/path").asText()).isEqualTo("/price");
            assertThat(result.at("/routes/0/differingPaths/0/count").asInt()).isEqualTo(5);
            assertThat(run.out()).contains("FAILED").contains("/price");
        }
    }

    @Test
    void theThresholdLetsAKnownMismatchRatePass() throws Exception {
        try (Backend legacy = catalog(Set.of()); Backend candidate = catalog(Set.of(sku(3)))) {
            Cli.Run run = replay(productCapture(20), legacy, candidate, "--max-mismatch-rate", "0.05");

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(result().at("/totals/mismatched").asInt()).isEqualTo(1);
        }
    }

    @Test
    void gzipOnOneSideOnlyIsNotAMismatch() throws Exception {
        Backend.Handler gzipped = request -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                gzip.write(product(sku(1), "12.50").getBytes(StandardCharsets.UTF_8));
            }
            return new Backend.Answer(200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                    bytes.toByteArray());
        };
        try (Backend legacy = new Backend(gzipped); Backend candidate = catalog(Set.of())) {
            Cli.Run run = replay(productCapture(1), legacy, candidate);

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(result().at("/totals/matched").asInt()).isEqualTo(1);
        }
    }

    @Test
    void answersOverTheBodyCapAreSkippedAndCountedUnderOneReason() throws Exception {
        byte[] big = ("{\"blob\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Backend.Handler huge = request -> new Backend.Answer(200, Map.of("Content-Type", "application/json"), big);
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                apiVersion: strangler/v1
                defaults:
                  maxBodyBytes: 1024
                """);
        try (Backend legacy = new Backend(huge); Backend candidate = new Backend(huge)) {
            Cli.Run run = replay(productCapture(2), legacy, candidate, "--rules", rules.toString());

            assertThat(run.exitCode()).as(run.out()).isZero();
            JsonNode result = result();
            assertThat(result.at("/totals/skipped").asInt()).isEqualTo(2);
            assertThat(result.at("/skipped/0/name").asText())
                    .isEqualTo("body not compared: legacy body: body of N bytes is over the cap of N");
            assertThat(result.at("/skipped/0/count").asInt()).isEqualTo(2);
        }
    }

    @Test
    void reorderedObjectKeysAreNotAMismatch() throws Exception {
        try (Backend legacy = catalog(Set.of());
             Backend candidate = new Backend(request -> Backend.Answer.json(
                     "{\"tags\":[\"a\",\"b\"],\"price\":12.50,\"name\":\"Product ACME-00001\",\"sku\":\"ACME-00001\"}"))) {
            Cli.Run run = replay(productCapture(1), legacy, candidate);

            assertThat(run.exitCode()).as(run.out()).isZero();
        }
    }

    @Test
    void aReorderedArrayIsAMismatchUnlessTheRulesDeclareItASet() throws Exception {
        try (Backend legacy = catalog(Set.of());
             Backend candidate = new Backend(request -> Backend.Answer.json(
                     "{\"sku\":\"ACME-00001\",\"name\":\"Product ACME-00001\",\"price\":12.50,\"tags\":[\"b\",\"a\"]}"))) {
            Path capture = productCapture(1);
            Cli.Run inOrder = replay(capture, legacy, candidate);
            assertThat(inOrder.exitCode()).isEqualTo(ExitCodes.MISMATCH);
            assertThat(result().at("/mismatched/0/differences").findValuesAsText("path")).contains("/tags/0", "/tags/1");

            Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                    apiVersion: strangler/v1
                    routes:
                      catalog-read:
                        arraysAsSets: [/tags]
                    """);
            Cli.Run asSet = replay(capture, legacy, candidate, "--rules", rules.toString());
            assertThat(asSet.exitCode()).as(asSet.out()).isZero();
        }
    }
}
