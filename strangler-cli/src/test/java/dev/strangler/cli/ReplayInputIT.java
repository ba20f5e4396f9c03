package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path capture(int lines) {
        Captures captures = new Captures();
        IntStream.rangeClosed(1, lines).forEach(i -> captures.get(i % 2 == 0 ? "even" : "odd", "/things/" + i));
        return captures.write(dir.resolve("capture.jsonl"));
    }

    private static Backend fixed() {
        return new Backend(request -> Backend.Answer.json("{\"ok\":true}"));
    }

    @Test
    void aBadCaptureLineStopsTheReplayNamingFileAndLine() throws Exception {
        Path capture = capture(2);
        Files.writeString(capture, Files.readString(capture) + "{\"v\":1,\"route\":\"x\"}\n");
        try (Backend backend = fixed()) {
            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", backend.url(), "--candidate",
                    backend.url());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(run.err()).contains(capture + ":3").contains("at: required text");
            assertThat(backend.seen()).isEmpty();
        }
    }

    @Test
    void aMissingCaptureOrBadRulesAreInputProblems() throws Exception {
        try (Backend backend = fixed()) {
            Cli.Run missing = Cli.run("replay", "--capture", dir.resolve("nope.jsonl").toString(), "--legacy",
                    backend.url(), "--candidate", backend.url());
            assertThat(missing.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(missing.err()).contains("nope.jsonl");

            Path rules = Files.writeString(dir.resolve("rules.yaml"), "apiVersion: strangler/v0\n");
            Cli.Run badRules = Cli.run("replay", "--capture", capture(1).toString(), "--legacy", backend.url(),
                    "--candidate", backend.url(), "--rules", rules.toString());
            assertThat(badRules.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(badRules.err()).contains("apiVersion: must be 'strangler/v1'");
        }
    }

    @Test
    void nothingToReplayIsAnInputProblemNotAPass() throws Exception {
        try (Backend backend = fixed()) {
            Cli.Run unknownRoute = Cli.run("replay", "--capture", capture(4).toString(), "--legacy", backend.url(),
                    "--candidate", backend.url(), "--route", "evn");
            assertThat(unknownRoute.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(unknownRoute.err()).contains("nothing to replay: no line is on [evn]; the capture has [even, odd]");

            Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
            Cli.Run none = Cli.run("replay", "--capture", empty.toString(), "--legacy", backend.url(), "--candidate",
                    backend.url());
            assertThat(none.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(none.err()).contains("nothing to replay: " + empty + " has no lines");
            assertThat(backend.seen()).isEmpty();
        }
    }

    @Test
    void wrongOptionsAreUsageErrors() {
        Path capture = capture(1);
        assertThat(Cli.run("replay", "--capture", capture.toString(), "--legacy", "http://127.0.0.1:1").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        Cli.Run both = Cli.run("replay", "--capture", capture.toString(), "--legacy", "http://127.0.0.1:1",
                "--candidate", "http://127.0.0.1:2", "--rate", "5", "--speed", "2");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("give --rate or --speed, not both");
        Cli.Run rate = Cli.run("replay", "--capture", capture.toString(), "--legacy", "http://127.0.0.1:1",
                "--candidate", "http://127.0.0.1:2", "--rate", "fast");
        assertThat(rate.err()).contains("--rate must be a number");
        Cli.Run url = Cli.run("replay", "--capture", capture.toString(), "--legacy", "ftp://x", "--candidate",
                "http://127.0.0.1:2");
        assertThat(url.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(url.err()).contains("--legacy must be an http(s) URL");
    }

    @Test
    void aSideThatCannotBeReachedIsAnErrorResultNotACrash() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Backend legacy = fixed()) {
            Cli.Run run = Cli.run("replay", "--capture", capture(3).toString(), "--legacy", legacy.url(),
                    "--candidate", "http://127.0.0.1:" + closedPort, "--json", dir.resolve("r.json").toString(),
                    "--side-down-timeout", "0.3");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.MISMATCH);
            JsonNode result = JSON.readTree(dir.resolve("r.json").toFile());
            assertThat(result.at("/totals/errors").asInt()).isEqualTo(3);
            assertThat(result.at("/mismatchRate").asDouble()).isEqualTo(1.0);
            assertThat(result.at("/errors/0/reason").asText()).startsWith("candidate: ConnectException");
            assertThat(run.out()).contains("error: line 1 GET /things/1: candidate: ConnectException")
                    .contains("side unreachable 3 time(s)");
        }
    }

    @Test
    void redirectsAreComparedNotFollowedAndABasePathIsKept() throws Exception {
        try (Backend legacy = new Backend(r -> new Backend.Answer(302, java.util.Map.of("Location", "/login"), new byte[0]));
             Backend candidate = new Backend(r -> new Backend.Answer(303, java.util.Map.of("Location", "/login"),
                     new byte[0]))) {
            Cli.Run run = Cli.run("replay", "--capture", capture(1).toString(), "--legacy", legacy.url() + "/shop/",
                    "--candidate", candidate.url() + "/v2", "--json", dir.resolve("r.json").toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.MISMATCH);
            assertThat(legacy.seen()).extracting(Backend.Seen::uri).containsOnly("/shop/things/1");
            assertThat(candidate.seen()).extracting(Backend.Seen::uri).containsExactly("/v2/things/1");
            JsonNode difference = JSON.readTree(dir.resolve("r.json").toFile()).at("/mismatched/0/differences/0");
            assertThat(difference.at("/path").asText()).isEqualTo("status");
            assertThat(difference.at("/legacy").asText()).isEqualTo("302");
            assertThat(difference.at("/candidate").asText()).isEqualTo("303");
        }
    }

    @Test
    void routeOptionsReplayOnlyThoseRoutes() throws Exception {
        try (Backend legacy = fixed(); Backend candidate = fixed()) {
            Cli.Run run = Cli.run("replay", "--capture", capture(6).toString(), "--legacy", legacy.url(),
                    "--candidate", candidate.url(), "--route", "even", "--json", dir.resolve("r.json").toString());

            assertThat(run.exitCode()).isZero();
            assertThat(candidate.seen()).extracting(Backend.Seen::uri)
                    .containsExactlyInAnyOrder("/things/2", "/things/4", "/things/6");
            assertThat(JSON.readTree(dir.resolve("r.json").toFile()).at("/routes").findValuesAsText("route"))
                    .containsExactly("even");
        }
    }

    @Test
    void aRateSpreadsTheRequestsOverTime() throws Exception {
        try (Backend legacy = fixed(); Backend candidate = fixed()) {
            long start = System.nanoTime();
            Cli.Run run = Cli.run("replay", "--capture", capture(11).toString(), "--legacy", legacy.url(),
                    "--candidate", candidate.url(), "--rate", "20/s", "--concurrency", "8");

            assertThat(run.exitCode()).isZero();
            // 11 requests at 20/s: the last may start 0.5 s after the first, not before.
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void aSpeedFactorKeepsTheRecordedPaceScaled() throws Exception {
        try (Backend legacy = fixed(); Backend candidate = fixed()) {
            long start = System.nanoTime();
            // Lines are recorded 10 ms apart: 11 lines span 100 ms, at a fifth of the speed 500 ms.
            Cli.Run run = Cli.run("replay", "--capture", capture(11).toString(), "--legacy", legacy.url(),
                    "--candidate", candidate.url(), "--speed", "0.2", "--concurrency", "8");

            assertThat(run.exitCode()).isZero();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        }
    }
}
