package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySessionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<String>> REDACTED_COOKIE = Map.of("cookie", List.of("SESSION=[redacted]"),
            "authorization", List.of("[redacted]"), "x-strangler-route", List.of("cart"), "accept", List.of("*/*"));

    @TempDir
    Path dir;

    /** Sets a fresh {@code sid} cookie on a request without one; answers with the step asked for. */
    private static Backend cart() {
        return new Backend(request -> {
            String cookie = request.header("Cookie");
            Map<String, String> headers = cookie == null
                    ? Map.of("Content-Type", "application/json", "Set-Cookie", "sid=" + UUID.randomUUID() + "; Path=/")
                    : Map.of("Content-Type", "application/json");
            return new Backend.Answer(200, headers, "{\"ok\":true}".getBytes());
        });
    }

    private static String step(Backend.Seen seen) {
        return seen.uri().replaceAll(".*step=", "");
    }

    @Test
    void eachSessionKeepsItsOrderAndItsOwnCookieJar() {
        Captures captures = new Captures();
        for (int step = 1; step <= 5; step++) {
            for (String session : List.of("alice", "bob")) {
                captures.add("cart", session, "safe", "GET", "/cart?who=" + session + "&step=" + step, REDACTED_COOKIE, "",
                        false);
            }
        }
        captures.add("cart", null, "safe", "GET", "/cart?who=nobody&step=1", REDACTED_COOKIE, "", false);
        Path capture = captures.write(dir.resolve("capture.jsonl"));
        try (Backend legacy = cart(); Backend candidate = cart()) {
            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url(), "--concurrency", "4");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            for (String session : List.of("alice", "bob")) {
                List<Backend.Seen> seen = candidate.seen().stream().filter(s -> s.uri().contains("who=" + session)).toList();
                assertThat(seen).extracting(ReplaySessionsIT::step).containsExactly("1", "2", "3", "4", "5");
                assertThat(seen.getFirst().header("Cookie")).isNull();
                String cookie = seen.get(1).header("Cookie");
                assertThat(cookie).startsWith("sid=");
                assertThat(seen.subList(1, 5)).allSatisfy(s -> assertThat(s.header("Cookie")).isEqualTo(cookie));
            }
            String alice = candidate.seen().stream().filter(s -> s.uri().contains("alice&step=2")).findFirst().orElseThrow()
                    .header("Cookie");
            String bob = candidate.seen().stream().filter(s -> s.uri().contains("bob&step=2")).findFirst().orElseThrow()
                    .header("Cookie");
            assertThat(alice).isNotEqualTo(bob);
            assertThat(candidate.seen()).filteredOn(s -> s.uri().contains("nobody")).singleElement()
                    .satisfies(s -> assertThat(s.header("Cookie")).isNull());
            // Redacted values and the proxy's own headers are never sent; the rest is.
            assertThat(legacy.seen()).allSatisfy(s -> {
                assertThat(s.header("Authorization")).isNull();
                assertThat(s.header("X-Strangler-Route")).isNull();
                assertThat(s.header("Accept")).isEqualTo("*/*");
            });
        }
    }

    @Test
    void legacysSecondPassHasItsOwnCookieJar() {
        Path capture = new Captures()
                .add("cart", "alice", "safe", "GET", "/cart?step=1", Map.of(), "", false)
                .add("cart", "alice", "safe", "GET", "/cart?step=2", Map.of(), "", false)
                .write(dir.resolve("capture.jsonl"));
        try (Backend legacy = cart(); Backend candidate = cart()) {
            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url());

            assertThat(run.exitCode()).as(run.out()).isZero();
            List<Backend.Seen> second = legacy.seen().stream().filter(s -> s.uri().endsWith("step=2")).toList();
            assertThat(second).hasSize(2);
            assertThat(second.get(0).header("Cookie")).startsWith("sid=").isNotEqualTo(second.get(1).header("Cookie"));
        }
    }

    @Test
    void concurrencyBoundsTheRequestsInFlightAtEachBackend() throws Exception {
        Captures captures = new Captures();
        IntStream.rangeClosed(1, 30).forEach(i -> captures.get("catalog-read", "/api/products/" + i));
        Path capture = captures.write(dir.resolve("capture.jsonl"));
        // Each backend holds a request until another one reaches it too (or a second has passed), so the requests
        // overlap and the bound is what limits them.
        try (Backend legacy = new Backend(overlapping()); Backend candidate = new Backend(overlapping())) {
            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url(), "--concurrency", "3", "--json", dir.resolve("r.json").toString());

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(JSON.readTree(dir.resolve("r.json").toFile()).at("/totals/matched").asInt()).isEqualTo(30);
            assertThat(candidate.maxInFlight()).isBetween(2, 3);
            assertThat(legacy.maxInFlight()).isBetween(2, 3);
        }
    }

    @Test
    void unsafeRequestsAreSkippedAndCountedByDefault() throws Exception {
        Path capture = new Captures()
                .get("catalog-read", "/api/products/1")
                .add("orders", "alice", "unsafe", "POST", "/api/orders", Map.of("content-type", List.of("application/json")),
                        "{\"sku\":\"ACME-00001\"}", false)
                .add("orders", "alice", "idempotent", "PUT", "/api/cart/1", Map.of(), "{\"qty\":2}", true)
                .write(dir.resolve("capture.jsonl"));
        try (Backend legacy = cart(); Backend candidate = cart()) {
            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url(), "--json", dir.resolve("r.json").toString());

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(candidate.seen()).extracting(Backend.Seen::method).containsExactly("GET");
            JsonNode result = JSON.readTree(dir.resolve("r.json").toFile());
            assertThat(result.at("/totals/skipped").asInt()).isEqualTo(2);
            assertThat(result.at("/skipped").findValuesAsText("name")).containsExactlyInAnyOrder(
                    "unsafe request (replayed only with --allow-writes)", "request body truncated in the capture");
            assertThat(run.out()).contains("skipped: 1 unsafe request");
        }
    }

    @Test
    void allowWritesSendsUnsafeRequestsWithTheSandboxHeader() {
        Path capture = new Captures()
                .add("orders", "alice", "unsafe", "POST", "/api/orders", Map.of("content-type", List.of("application/json")),
                        "{\"sku\":\"ACME-00001\"}", false)
                .write(dir.resolve("capture.jsonl"));
        try (Backend legacy = cart(); Backend candidate = cart()) {
            Cli.Run refused = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url(), "--allow-writes");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).contains("--sandbox-header");

            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url(), "--allow-writes", "--sandbox-header", "X-Sandbox: replay-42");

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(candidate.seen()).singleElement().satisfies(s -> {
                assertThat(s.method()).isEqualTo("POST");
                assertThat(s.body()).isEqualTo("{\"sku\":\"ACME-00001\"}");
                assertThat(s.header("X-Sandbox")).isEqualTo("replay-42");
            });
            assertThat(legacy.seen()).hasSize(2).allSatisfy(s -> assertThat(s.header("X-Sandbox")).isEqualTo("replay-42"));
        }
    }

    /** Answers once another request is inside this handler too, or after a second: a backend where requests overlap. */
    private static Backend.Handler overlapping() {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        return request -> {
            inside.incrementAndGet();
            try {
                org.awaitility.Awaitility.await().pollInterval(java.time.Duration.ofMillis(2))
                        .atMost(java.time.Duration.ofSeconds(1)).until(() -> inside.get() >= 2);
            } catch (org.awaitility.core.ConditionTimeoutException alone) {
                // the last requests of a run have nobody to overlap with
            } finally {
                inside.decrementAndGet();
            }
            return Backend.Answer.json("{\"id\":1}");
        };
    }
}
