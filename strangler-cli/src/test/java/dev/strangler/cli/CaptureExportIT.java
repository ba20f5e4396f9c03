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
    void aReadOnlyRefusalAndABadParameterSayWhatTheApiSaid() {
        try (Backend forbidden = new Backend(r -> new Backend.Answer(403, Map.of("Content-Type", "application/problem+json"),
                "{\"title\":\"Forbidden\",\"status\":403}".getBytes(StandardCharsets.UTF_8)));
             Backend badSince = new Backend(r -> new Backend.Answer(400, Map.of("Content-Type", "application/problem+json"),
                     "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"since: an ISO-8601 instant\"}"
                             .getBytes(StandardCharsets.UTF_8)))) {
            Cli.Run refused = Cli.run("capture", "export", "--admin", forbidden.url(), "--token-file", tokenFile.toString());
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.err()).contains("the token may not read captures (403): Forbidden");

            Cli.Run bad = Cli.run("capture", "export", "--admin", badSince.url(), "--token-file", tokenFile.toString(),
                    "--since", "yesterday");
            assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(bad.err()).contains("answered 400 to " + badSince.url() + "/admin/capture?since=yesterday: "
                    + "since: an ISO-8601 instant");
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
    void anExportCutOffMidwayLeavesNoFileAndSaysSo() throws Exception {
        // The proxy cuts the connection when its capture store fails after the status was sent.
        String firstLines = served.lines().limit(3).map(l -> l + "\n").reduce("", String::concat);
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread cutter = Thread.ofPlatform().start(() -> {
                try (java.net.Socket client = server.accept()) {
                    new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream())).readLine();
                    byte[] chunk = firstLines.getBytes(StandardCharsets.UTF_8);
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().write(chunk);
                    client.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Path out = dir.resolve("capture.jsonl");
            Cli.Run run = Cli.run("capture", "export", "--admin", "http://127.0.0.1:" + server.getLocalPort(),
                    "--token-file", tokenFile.toString(), "--out", out.toString());
            cutter.join();

            assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
            assertThat(run.err()).contains("the export broke off after 3 lines (nothing kept)");
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
