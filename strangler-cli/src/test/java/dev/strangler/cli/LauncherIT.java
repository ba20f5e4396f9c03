package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/strangler} as a user runs it: the launcher finds a JDK and runs the shaded jar. */
class LauncherIT {

    static final String LAUNCHER = System.getProperty("strangler.launcher", "../bin/strangler");

    @TempDir
    Path dir;

    private Processes.Ended strangler(Map<String, String> env, String... args) {
        return run(Path.of(LAUNCHER), env, args);
    }

    private Processes.Ended run(Path launcher, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return Processes.run(dir, command, env, 120);
    }

    @Test
    void theFirstCommandLeavesAClassArchiveThatLaterCommandsMapAndARebuiltJarGetsANewOne() throws Exception {
        // A checkout of its own: the launcher and its library, and a copy of the built jar.
        Path root = Path.of(LAUNCHER).toAbsolutePath().getParent().getParent();
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.createDirectories(checkout.resolve("strangler-cli/target"));
        for (String file : List.of("bin/strangler", "bin/lib.sh")) {
            Files.copy(root.resolve(file), checkout.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jar = checkout.resolve("strangler-cli/target/strangler.jar");
        Files.copy(root.resolve("strangler-cli/target/strangler.jar"), jar);
        Path launcher = checkout.resolve("bin/strangler");
        Path archives = checkout.resolve("strangler-cli/target/cds");

        // What a run killed outright (SIGKILL: no EXIT trap) leaves: its partial archive, named after its pid.
        Files.createDirectories(archives);
        Path killed = Files.writeString(archives.resolve("strangler-1-1-java25.jsa.2147483646"), "partial");

        Processes.Ended first = run(launcher, Map.of(), "--help");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).as("nothing about the archive on stderr").isEmpty();
        List<Path> written = files(archives);
        assertThat(written).as("one whole archive, no partial one, the killed run's gone too").hasSize(1)
                .allSatisfy(a -> assertThat(a.getFileName().toString()).endsWith(".jsa"));
        assertThat(killed).doesNotExist();

        // -Xshare:on: the JVM refuses to start unless it maps the archive.
        Processes.Ended mapped = run(launcher, Map.of("STRANGLER_JAVA_OPTS", "-Xshare:on"), "--help");
        assertThat(mapped.exitCode()).as(mapped.err()).isZero();
        assertThat(mapped.out()).isEqualTo(first.out());

        // A run still going (this JVM stands in for it) keeps its partial archive.
        Path running = Files.writeString(archives.resolve("strangler-1-1-java25.jsa." + ProcessHandle.current().pid()), "partial");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
        Processes.Ended rebuilt = run(launcher, Map.of(), "--version");
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.err()).isEmpty();
        assertThat(running).as("a running launcher's partial archive").exists();
        Files.delete(running);
        assertThat(files(archives)).as("the earlier jar's archive replaced").hasSize(1).doesNotContainAnyElementsOf(written);
        Processes.Ended mappedAgain = run(launcher, Map.of("STRANGLER_JAVA_OPTS", "-Xshare:on"), "--version");
        assertThat(mappedAgain.exitCode()).as(mappedAgain.err()).isZero();
    }

    private static List<Path> files(Path folder) throws IOException {
        try (var list = Files.list(folder)) {
            return list.toList();
        }
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Processes.Ended help = strangler(Map.of(), "--help");

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("replay").contains("capture").contains("drift").contains("Exit codes:")
                .containsPattern("\\n  1 +replay: the mismatch rate is over --max-mismatch-rate");
        Processes.Ended replayHelp = strangler(Map.of(), "replay", "--help");
        assertThat(replayHelp.out()).contains("--capture=FILE").contains("--allow-writes").contains("--max-mismatch-rate");
        Processes.Ended exportHelp = strangler(Map.of(), "capture", "export", "--help");
        assertThat(exportHelp.out()).contains("--token-file=FILE").contains("STRANGLER_ADMIN_TOKEN");
        Processes.Ended driftHelp = strangler(Map.of(), "drift", "check", "--help");
        assertThat(driftHelp.out()).contains("--spec=FILE").contains("--max-drift=N").contains("--proxy-admin=URL")
                .containsPattern("\\n  3 +a database or the admin API can't be reached");
        Processes.Ended playbookHelp = strangler(Map.of(), "playbook", "run", "--help");
        assertThat(playbookHelp.out()).contains("--gate-interval=DURATION").contains("--replay-report=FILE")
                .containsPattern("\\n  5 +stopped: the playbook was rolled back");
    }

    @Test
    void noCommandIsAUsageError() {
        Processes.Ended none = strangler(Map.of());

        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("give a command: replay, capture export, drift check, routes, status, playbook, extract or lab");
    }

    @Test
    void aReplayWithAMismatchExitsOneAndPrintsTheSummary() {
        Path capture = new Captures().get("catalog-read", "/api/products/1").get("catalog-read", "/api/products/2")
                .write(dir.resolve("capture.jsonl"));
        try (Backend legacy = new Backend(r -> Backend.Answer.json("{\"stock\":3}"));
             Backend candidate = new Backend(r -> Backend.Answer.json(r.uri().endsWith("2") ? "{\"stock\":5}" : "{\"stock\":3}"))) {
            Processes.Ended run = strangler(Map.of(), "replay", "--capture", capture.toString(), "--legacy", legacy.url(),
                    "--candidate", candidate.url(), "--json", "out/result.json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);
            assertThat(run.out()).contains("differs: catalog-read /stock (CHANGED) in 1 requests")
                    .contains("Mismatch rate 50.00 % (max 0.00 %): FAILED");
            // Not a terminal: no progress bar redrawn into the log.
            assertThat(run.err()).doesNotContain("\r");
            assertThat(dir.resolve("out/result.json")).exists();
        }
    }

    @Test
    void captureExportTakesTheTokenFromTheEnvironment() throws Exception {
        String lines = Files.readString(new Captures().get("catalog-read", "/api/products/1").write(dir.resolve("s.jsonl")));
        try (Backend admin = new Backend(r -> "Bearer env-token-123".equals(r.header("Authorization"))
                ? new Backend.Answer(200, Map.of("Content-Type", "application/x-ndjson"), lines.getBytes())
                : new Backend.Answer(401, Map.of(), new byte[0]))) {
            Processes.Ended run = strangler(Map.of("STRANGLER_ADMIN_TOKEN", "env-token-123"), "capture", "export",
                    "--admin", admin.url(), "--out", "exported.jsonl");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(dir.resolve("exported.jsonl")).hasContent(lines.strip());
        }
    }
}
