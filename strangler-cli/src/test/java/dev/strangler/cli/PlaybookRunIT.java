package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strangler playbook run, status, next and rollback against a real proxy (route table, shadow results, traffic and the
 * playbook journal in a real Redis), a real legacy backend and a real candidate, with traffic sent while the run goes.
 */
class PlaybookRunIT {

    private static final String GATE_INTERVAL = "PT0.5S";
    private static final String TABLE = """
            apiVersion: strangler/v1
            backends:
              legacy: {urls: ["%s"]}
              catalog-service: {urls: ["%s"]}
            routes:
              - {id: catalog-api, match: {path: /api/products/**, methods: [GET]}, target: legacy}
            """;
    private static final String HEAD = """
            apiVersion: strangler/v1
            subdomain: catalog
            service: catalog-service
            routes: [catalog-api]
            steps:
              - {id: legacy, target: legacy}
            """;
    private static final String SHADOW = "  - {id: shadow, target: shadow, soak: PT1S, gate: {minComparedRequests: 5, maxMismatchRate: 0.0}}\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AtomicBoolean candidateFails = new AtomicBoolean();
    private Backend legacy;
    private Backend candidate;
    private AdminProxy proxy;
    private Traffic traffic;

    @BeforeEach
    void start() throws Exception {
        legacy = new Backend(request -> Backend.Answer.json("{\"sku\":\"ACME-1\",\"price\":10}"));
        candidate = new Backend(request -> candidateFails.get()
                ? new Backend.Answer(500, Map.of("Content-Type", "text/plain"), "down".getBytes())
                : Backend.Answer.json("{\"sku\":\"ACME-1\",\"price\":10}"));
        proxy = new AdminProxy("cli-playbook", dir, Map.of());
        Path table = Files.writeString(dir.resolve("routes.yaml"), TABLE.formatted(legacy.url(), candidate.url()));
        Cli.Run apply = admin("routes", "apply", table.toString(), "--wait");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        traffic = new Traffic(proxy.publicPort(), "/api/products");
    }

    @AfterEach
    void stop() throws Exception {
        traffic.close();
        proxy.close();
        legacy.close();
        candidate.close();
    }

    private Cli.Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", proxy.admin(), "--token-file", proxy.tokenFile().toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Path playbook(String steps) throws Exception {
        return Files.writeString(dir.resolve("catalog-" + System.nanoTime() + ".yaml"), HEAD + steps);
    }

    private CompletableFuture<Cli.Run> runInBackground(Path playbook, String... more) {
        List<String> args = new ArrayList<>(List.of("playbook", "run", playbook.toString(), "--gate-interval", GATE_INTERVAL));
        args.addAll(List.of(more));
        return CompletableFuture.supplyAsync(() -> admin(args.toArray(String[]::new)));
    }

    private String target() {
        Cli.Run show = admin("routes", "show", "catalog-api");
        assertThat(show.exitCode()).as(show.err()).isZero();
        return show.out().substring(show.out().lastIndexOf("->") + 2).strip();
    }

    private JsonNode journal() throws Exception {
        Cli.Run status = admin("playbook", "status", "catalog", "--json", "--limit", "100");
        assertThat(status.exitCode()).as(status.err()).isZero();
        return JSON.readTree(status.out());
    }

    /** {@code STATE STEP} from the journal, or {@code none} before the run journaled anything. */
    private String where() throws Exception {
        Cli.Run status = admin("playbook", "status", "catalog", "--json", "--limit", "1");
        JsonNode state = status.exitCode() == 0 ? JSON.readTree(status.out()) : null;
        return state == null ? "none" : state.path("state").asText() + " " + state.path("step").asText();
    }

    /** The journal's transitions oldest first, each as {@code kind step}. */
    private List<String> transitions() throws Exception {
        List<String> kinds = new ArrayList<>(StreamSupport.stream(journal().path("transitions").spliterator(), false)
                .map(t -> t.path("kind").asText() + " " + t.path("step").asText()).toList());
        java.util.Collections.reverse(kinds);
        return kinds;
    }

    private JsonNode newest(String kind) throws Exception {
        return StreamSupport.stream(journal().path("transitions").spliterator(), false)
                .filter(t -> t.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void aShortPlaybookIsDrivenToItsEndAndTheJournalHoldsEveryTransitionInOrder() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT1S, gate: {minComparedRequests: 5, maxErrorRateDelta: 0.05}}
                  - {id: extracted, target: extracted, soak: PT1S, gate: {minComparedRequests: 5, maxErrorRateDelta: 0.05}}
                  - {id: retire, target: retired}
                """);

        Cli.Run run = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("[catalog 1/5 legacy] started").contains("[catalog 3/5 canary-50] advanced")
                .contains("gate-passed").contains("[catalog 5/5 retire] completed: playbook catalog completed");
        assertThat(transitions()).containsExactly("started legacy", "advanced shadow", "advanced canary-50",
                "advanced extracted", "advanced retire", "completed retire");
        assertThat(target()).isEqualTo("extracted(\"catalog-service\")");
        JsonNode enteredExtracted = newest("advanced");
        assertThat(enteredExtracted.path("reason").asText()).contains("the monolith's code for catalog may be removed");
        JsonNode canaryPassed = StreamSupport.stream(journal().path("transitions").spliterator(), false)
                .filter(t -> t.path("step").asText().equals("extracted") && t.path("kind").asText().equals("advanced"))
                .findFirst().orElseThrow().path("numbers");
        assertThat(canaryPassed.at("/gate/outcome").asText()).isEqualTo("passed");
        assertThat(canaryPassed.at("/figures/sample").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(canaryPassed.at("/figures/errorRateDelta").asDouble()).isZero();
        assertThat(canaryPassed.at("/applied/routes/catalog-api/target/extracted/backend").asText()).isEqualTo("catalog-service");
        Cli.Run table = admin("playbook", "status");
        assertThat(table.out().lines().filter(l -> l.startsWith("catalog"))).singleElement()
                .satisfies(l -> assertThat(l).contains("retire").contains("5/5").contains("completed"));
    }

    @Test
    void aCandidateFailingDuringTheCanaryIsRolledBackWithinAGateInterval() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT60S, gate: {minComparedRequests: 5, maxErrorRateDelta: 0.05}}
                  - {id: extracted, target: extracted}
                """);
        CompletableFuture<Cli.Run> run = runInBackground(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> target().startsWith("canary("));

        candidateFails.set(true);

        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> target().startsWith("shadow("));
        Cli.Run ended = run.get(10, TimeUnit.SECONDS);
        assertThat(ended.exitCode()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(ended.err()).contains("step canary-50's gate was breached (maxErrorRateDelta")
                .contains("rolled back to step shadow");
        assertThat(transitions()).endsWith("advanced canary-50", "gate-failed canary-50", "rolled-back shadow");
        JsonNode rolledBack = newest("rolled-back");
        assertThat(rolledBack.path("from").asText()).isEqualTo("canary-50");
        assertThat(rolledBack.at("/numbers/figures/errorRateDelta").asDouble()).isGreaterThan(0.05);
        assertThat(rolledBack.at("/numbers/gate/outcome").asText()).isEqualTo("breached");
        assertThat(newest("gate-failed").at("/numbers/figures/routes/catalog-api/extracted/errors").asLong()).isPositive();
        assertThat(journal().path("state").asText()).isEqualTo("rolled-back");
        Cli.Run status = admin("playbook", "status", "catalog");
        assertThat(status.out().lines().filter(l -> l.contains("rolled-back ") && l.contains("from canary-50"))).singleElement()
                .satisfies(l -> assertThat(l).contains("automatic: step canary-50's gate was breached").contains("[traffic sample ")
                        .containsPattern("errorRateDelta [0-9.]+%"));
    }

    @Test
    void aManualStepWaitsUntilPlaybookNextApprovesIt() throws Exception {
        Path file = playbook("""
                  - {id: shadow, target: shadow, soak: PT0.5S, approval: manual, gate: {minComparedRequests: 3}}
                  - {id: extracted, target: extracted}
                """);
        CompletableFuture<Cli.Run> run = runInBackground(file, "--json");
        await().atMost(Duration.ofSeconds(30)).until(() -> where().equals("waiting-approval shadow"));

        assertThat(run).isNotDone();
        assertThat(target()).startsWith("shadow(");
        assertThat(journal().path("step").asText()).isEqualTo("shadow");
        Cli.Run next = admin("playbook", "next", "catalog", "--actor", "alice", "--reason", "dashboards look fine");

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.out()).contains("approved step shadow of catalog");
        Cli.Run ended = run.get(30, TimeUnit.SECONDS);
        assertThat(ended.exitCode()).as(ended.err()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : ended.out().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).extracting(e -> e.path("event").asText())
                .containsSubsequence("started", "advanced", "reading", "gate-passed", "waiting-approval", "approved", "advanced", "completed");
        assertThat(events).filteredOn(e -> e.path("event").asText().equals("reading") && e.path("step").asText().equals("shadow")).first()
                .satisfies(e -> assertThat(e.at("/gate/checks/0/limit").asText()).isEqualTo("minComparedRequests"));
        assertThat(target()).isEqualTo("extracted(\"catalog-service\")");
        assertThat(transitions()).containsSubsequence("waiting-approval shadow", "approved shadow", "advanced extracted", "completed extracted");
        assertThat(newest("approved").path("actor").asText()).isEqualTo("alice");
        assertThat(newest("approved").path("reason").asText()).isEqualTo("dashboards look fine");
        Cli.Run again = admin("playbook", "next", "catalog");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(again.err()).contains("catalog is not waiting for an approval: it is completed at step extracted");
    }

    @Test
    void playbookRollbackPutsTheRoutesBackAndStopsTheRunningRun() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT60S, gate: {minComparedRequests: 5}}
                """);
        CompletableFuture<Cli.Run> run = runInBackground(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> where().equals("soaking canary-50"));

        Cli.Run rollback = admin("playbook", "rollback", "catalog", "--reason", "pager went off", "--actor", "bob");

        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("catalog rolled back from step canary-50 to step shadow");
        assertThat(target()).startsWith("shadow(\"legacy\", \"catalog-service\"");
        Cli.Run ended = run.get(10, TimeUnit.SECONDS);
        assertThat(ended.exitCode()).isEqualTo(ExitCodes.STOPPED);
        assertThat(ended.err()).contains("catalog was rolled-back to step shadow by bob (pager went off); this run stops");
        JsonNode rolledBack = newest("rolled-back");
        assertThat(rolledBack.path("reason").asText()).isEqualTo("pager went off");
        assertThat(journal().path("state").asText()).isEqualTo("rolled-back");

        Cli.Run toLegacy = admin("playbook", "rollback", "catalog", "--to", "legacy");
        assertThat(toLegacy.exitCode()).as(toLegacy.err()).isZero();
        assertThat(target()).isEqualTo("legacy");
        Cli.Run none = admin("playbook", "rollback", "catalog");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(none.err()).contains("catalog is at its first step (legacy): there is no step before it");
    }

    @Test
    void aRunKilledMidSoakGoesOnFromTheJournalWhenRunAgain() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT6S, gate: {minComparedRequests: 5, maxErrorRateDelta: 0.05}}
                """);
        Process first = new ProcessBuilder(Path.of(System.getProperty("strangler.launcher", "../bin/strangler")).toAbsolutePath().toString(),
                "playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL, "--admin", proxy.admin(),
                "--token-file", proxy.tokenFile().toString())
                .redirectOutput(dir.resolve("first.out").toFile()).redirectError(dir.resolve("first.err").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> target().startsWith("canary("));
            await().atMost(Duration.ofSeconds(10)).until(() -> where().equals("soaking canary-50"));
        } finally { // killed outright: the JVM itself, whether the launcher exec'd it or runs it as its child
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly().waitFor();
        }
        String enteredAt = journal().path("since").asText();

        Cli.Run second = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL);

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).as("the killed run's lease, taken over").contains(
                "took over playbook catalog's runner lease from an earlier run on this host that is gone");
        assertThat(second.out()).contains("[catalog 3/3 canary-50] resumed").doesNotContain("started")
                .contains("completed: playbook catalog completed");
        assertThat(transitions()).containsExactly("started legacy", "advanced shadow", "advanced canary-50", "completed canary-50");
        assertThat(StreamSupport.stream(journal().path("transitions").spliterator(), false)
                .filter(t -> t.path("kind").asText().equals("advanced") && t.path("step").asText().equals("canary-50"))
                .findFirst().orElseThrow().path("at").asText()).isEqualTo(enteredAt);
    }

    @Test
    void aSecondRunIsRefusedWhileTheFirstRunsAndATakeOverStopsTheFirst() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT12S, gate: {minComparedRequests: 5}}
                """);
        CompletableFuture<Cli.Run> first = runInBackground(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> where().equals("soaking canary-50"));
        List<String> before = transitions();

        Cli.Run refused = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL, "--actor", "bob");

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.STOPPED);
        assertThat(refused.err()).contains("another run drives playbook catalog: playbook catalog is being run: its runner lease is held by ")
                .contains("(strangler playbook run on ").contains("nothing was changed");
        assertThat(transitions()).isEqualTo(before);
        assertThat(first).isNotDone();
        assertThat(journal().path("runner").path("note").asText()).startsWith("strangler playbook run on ");
        assertThat(admin("playbook", "status", "catalog").out()).contains("run by admin (strangler playbook run on ");

        CompletableFuture<Cli.Run> second = runInBackground(file, "--take-over", "--actor", "bob");
        Cli.Run stopped = first.get(30, TimeUnit.SECONDS);

        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(ExitCodes.STOPPED);
        assertThat(stopped.err()).contains("another run took over playbook catalog: bob (strangler playbook run on ")
                .contains("this run stops");
        Cli.Run ended = second.get(60, TimeUnit.SECONDS);
        assertThat(ended.exitCode()).as(ended.err()).isZero();
        assertThat(ended.out()).contains("[catalog 3/3 canary-50] resumed").contains("completed: playbook catalog completed");
        assertThat(transitions()).containsExactly("started legacy", "advanced shadow", "advanced canary-50", "completed canary-50");
        assertThat(journal().path("runner").isNull()).as("let go at the end").isTrue();
    }

    @Test
    void aRunStoppedWithSigtermLetsItsLeaseGo() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT60S, gate: {minComparedRequests: 5}}
                """);
        Process run = new ProcessBuilder(Path.of(System.getProperty("strangler.launcher", "../bin/strangler")).toAbsolutePath().toString(),
                "playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL, "--admin", proxy.admin(),
                "--token-file", proxy.tokenFile().toString())
                .redirectOutput(dir.resolve("run.out").toFile()).redirectError(dir.resolve("run.err").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> where().equals("soaking canary-50"));
            assertThat(journal().path("runner").path("holder").asText()).startsWith("run-");
        } finally {
            run.destroy();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(journal().path("runner").isNull()).as(Files.readString(dir.resolve("run.err"))).isTrue();
    }

    @Test
    void anInvalidPlaybookOrOneNamingAnUnknownRouteExitsTwoAndFlipsNothing() throws Exception {
        Path invalid = Files.writeString(dir.resolve("bad.yaml"), HEAD + "  - {id: canary, target: canary, percent: 150}\n");
        Path unknownRoute = Files.writeString(dir.resolve("unknown.yaml"), (HEAD + SHADOW).replace("[catalog-api]", "[catalog-api, nowhere]"));

        Cli.Run bad = admin("playbook", "run", invalid.toString());
        Cli.Run unknown = admin("playbook", "run", unknownRoute.toString());

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains(invalid + " is not a valid playbook; nothing was changed:")
                .contains("  - steps[1] (canary).percent: a canary step needs a percent from 1 to 99 (got 150)");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("the proxy's route table has no route nowhere that playbook catalog moves; nothing was changed");
        assertThat(admin("routes", "list").err()).contains("epoch 1");
        assertThat(admin("playbook", "status", "catalog").exitCode()).isEqualTo(ExitCodes.REJECTED);
    }

    @Test
    void aDryRunShowsThePlanAndWhereItWouldStartAndChangesNothing() throws Exception {
        Path file = playbook(SHADOW);

        Cli.Run dry = admin("playbook", "run", file.toString(), "--dry-run");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("playbook catalog -> catalog-service, routes catalog-api")
                .contains("2. shadow").contains("gate: minComparedRequests 5, maxMismatchRate 0.00%")
                .contains("would start at step legacy");
        JsonNode plan = JSON.readTree(admin("playbook", "run", file.toString(), "--dry-run", "--json").out());
        assertThat(plan.path("startStep").asText()).isEqualTo("legacy");
        assertThat(plan.path("mode").asText()).isEqualTo("enter");
        assertThat(plan.path("steps")).hasSize(2);
        assertThat(admin("routes", "list").err()).contains("epoch 1");
    }

    @Test
    void aGateNeedingAPassingReplayStopsAfterTheSoakWhenTheReplayFailedAndLeavesTheRoutesWhereTheyAre() throws Exception {
        Path file = playbook("  - {id: shadow, target: shadow, soak: PT0.5S, gate: {requirePassingReplay: true}}\n"
                + "  - {id: extracted, target: extracted}\n");
        Path failedReplay = Files.writeString(dir.resolve("replay.json"), "{\"passed\": false, \"mismatchRate\": 0.4}");

        Cli.Run withoutReport = admin("playbook", "run", file.toString());
        Cli.Run run = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL, "--replay-report", failedReplay.toString());

        assertThat(withoutReport.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(withoutReport.err()).contains("step shadow needs a passing replay: give --replay-report FILE");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(run.err()).contains("step shadow's gate can't pass (requirePassingReplay: the replay in " + failedReplay
                + " did not pass (mismatch rate 40.00%))").contains("routes left on shadow");
        assertThat(target()).startsWith("shadow(");
        assertThat(transitions()).containsExactly("started legacy", "advanced shadow", "gate-failed shadow");
        assertThat(journal().path("state").asText()).isEqualTo("aborted");
    }

    @Test
    void aRunThroughAStepStopsOnceItsGatePassedAndTheNextRunGoesOnFromThere() throws Exception {
        Path file = playbook(SHADOW + """
                  - {id: canary-50, target: canary, percent: 50, soak: PT0.5S, approval: manual, gate: {minComparedRequests: 3}}
                  - {id: extracted, target: extracted}
                """);

        Cli.Run unknown = admin("playbook", "run", file.toString(), "--through", "canary-5");
        Cli.Run toShadow = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL, "--through", "shadow");

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--through canary-5: no such step").contains("(steps: legacy, shadow, canary-50, extracted)");
        assertThat(toShadow.exitCode()).as(toShadow.err()).isZero();
        assertThat(toShadow.out()).contains("[catalog 2/4 shadow] stopped: --through shadow: gate passed; run again to go on");
        assertThat(target()).startsWith("shadow(");
        assertThat(transitions()).containsExactly("started legacy", "advanced shadow", "aborted shadow");
        assertThat(admin("playbook", "run", file.toString(), "--through", "legacy").err()).contains("catalog is already past it");

        Cli.Run toManual = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL, "--through", "canary-50");

        assertThat(toManual.exitCode()).as(toManual.err()).isZero();
        assertThat(toManual.out()).contains("[catalog 2/4 shadow] resumed").contains("[catalog 3/4 canary-50] advanced")
                .contains("stopped: --through canary-50: gate passed, waiting for approval");
        assertThat(where()).isEqualTo("waiting-approval canary-50");
        assertThat(admin("playbook", "next", "catalog").exitCode()).isZero();

        Cli.Run rest = admin("playbook", "run", file.toString(), "--gate-interval", GATE_INTERVAL);

        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(transitions()).containsExactly("started legacy", "advanced shadow", "aborted shadow", "advanced canary-50",
                "waiting-approval canary-50", "approved canary-50", "advanced extracted", "completed extracted");
        assertThat(target()).isEqualTo("extracted(\"catalog-service\")");
    }
}
