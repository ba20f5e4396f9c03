package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureExportIT {

    private static final String TOKEN = "s3cret-admin-token-for-tests";

    @TempDir
    Path dir;

    private Path tokenFile;
    private String served;

    @BeforeEach
    void lines() throws Exception {
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Captures captures = new Captures();
        IntStream.rangeClosed(1, 25).forEach(i -> captures.get("catalog-read", "/api/products/" + i));
        served = Files.readString(captures.write(dir.resolve("served.jsonl")));
    }

    /** The endpoint's contract: bearer token, NDJSON of capture lines. */
    private static Backend adminApi(String body) {
        return new Backend(request -> {
            if (!("Bearer " + TOKEN).equals(request.header("Authorization"))) {
                return new Backend.Answer(401, Map.of("Content-Type", "application/problem+json"),
                        "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"a valid bearer token is required\"}"
                                .getBytes(StandardCharsets.UTF_8));
            }
            if (!request.uri().startsWith("/admin/capture")) {
                return new Backend.Answer(404, Map.of(), new byte[0]);
            }
            return new Backend.Answer(200, Map.of("Content-Type", "application/x-ndjson"),
                    body.getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void exportWritesExactlyWhatTheEndpointServed() throws Exception {
        try (Backend admin = adminApi(served)) {
            Path out = dir.resolve("export/capture.jsonl");
            Cli.Run run = Cli.run("capture", "export", "--admin", admin.url(), "--token-file", tokenFile.toString(),
                    "--route", "catalog-read", "--since", "2026-11-29T06:00:00Z", "--limit", "100",
                    "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(Files.readString(out)).isEqualTo(served);
            assertThat(run.err()).contains("exported 25 capture lines");
            assertThat(admin.seen()).singleElement().satisfies(s -> {
                assertThat(s.uri()).isEqualTo(
                        "/admin/capture?route=catalog-read&since=2026-11-29T06%3A00%3A00Z&limit=100");
                assertThat(s.header("Accept")).isEqualTo("application/x-ndjson");
            });
            assertThat(Files.exists(dir.resolve("export/capture.jsonl.part"))).isFalse();
        }
    }

    @Test
    void withoutOutTheLinesGoToStdout() {
        try (Backend admin = adminApi(served)) {
            Cli.Run run = Cli.run("capture", "export", "--admin", admin.url(), "--token-file", tokenFile.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo(served);
        }
    }

    @Test
    void aRefusedTokenExitsFourAndNeverShowsTheToken() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-token");
        try (Backend admin = adminApi(served)) {
            Path out = dir.resolve("capture.jsonl");
            Cli.Run run = Cli.run("capture", "export", "--admin", admin.url(), "--token-file", wrong.toString(),
                    "--out", out.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).contains("refused the token (401): a valid bearer token is required")
                    .doesNotContain("not-the-token");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void noEndpointThereIsAnInputProblem() {
        try (Backend admin = adminApi(served)) {
            Cli.Run run = Cli.run("capture", "export", "--admin", admin.url() + "/elsewhere", "--token-file",
                    tokenFile.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(run.err()).contains("(404)").contains("admin port");
        }
    }

    @Test
    void anInvalidLineFromTheEndpointLeavesNoFile() {
        try (Backend admin = adminApi(served + "{\"v\":2}\n")) {
            Path out = dir.resolve("capture.jsonl");
            Cli.Run run = Cli.run("capture", "export", "--admin", admin.url(), "--token-file", tokenFile.toString(),
                    "--out", out.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(run.err()).contains("invalid capture line, line 26 of the export: v: format version 2");
            assertThat(out).doesNotExist();
            assertThat(dir.resolve("capture.jsonl.part")).doesNotExist();
        }
    }

    @Test
    void anUnreachableAdminApiIsAnInputProblem() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli.Run run = Cli.run("capture", "export", "--admin", "http://127.0.0.1:" + closedPort, "--token-file",
                tokenFile.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("cannot reach the admin API at http://127.0.0.1:" + closedPort);
    }

    @Test
    void withoutAnyTokenItIsAUsageError() {
        assumeTrue(System.getenv("STRANGLER_ADMIN_TOKEN") == null, "the environment gives a token");
        Cli.Run run = Cli.run("capture", "export", "--admin", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no admin token: give --token-file FILE or set STRANGLER_ADMIN_TOKEN");
    }
}
