package dev.strangler.cli.playbook;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.Terminal;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.PlaybookLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler playbook run FILE}: drives a playbook to its end on the proxy, gate by gate. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a playbook: for each step, flips every route of the playbook to the step's target (and waits "
                + "for the fleet), resets the routes' shadow and traffic figures, then soaks for the step's soak time reading "
                + "the gate every --gate-interval. A breached limit (mismatch rate, error-rate or p99 delta over its max, once "
                + "enough samples are in) rolls the routes back to the step before at once and exits 1. After the soak the gate "
                + "must pass; a manual step then waits for strangler playbook next. Every move is journaled on the proxy.",
            "%nA run of a subdomain that already has a journal goes on where it stands (a step soaking goes on soaking, one "
                + "waiting for approval goes on waiting; after a rollback the step rolled back to is entered again); a "
                + "completed playbook has nothing to do. strangler playbook rollback stops a running run (exit 5).",
            "%nOne run per subdomain: a run holds the playbook's runner lease on the proxy while it runs; a second run is "
                + "refused (exit 5) unless --take-over."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step passed (or already completed; or --dry-run; with --through: up to that step)",
            "1:a gate failed: breached and rolled back to the step before, or a report it needs says no (routes left as they are)",
            "2:usage error; an invalid playbook or one whose routes the proxy lacks (nothing changed); a journal that "
                + "disagrees with the playbook; the admin API refused a change",
            "3:the admin API can't be reached or answers a server error",
            "4:the admin API refused the token (401/403)",
            "5:stopped: the playbook was rolled back (or moved) by someone else, another run holds it (nothing changed) or took "
                + "it over, or the run was interrupted"})
final class RunCommand implements Callable<Integer> {

    /** Time between two gate readings unless --gate-interval says otherwise. */
    static final String DEFAULT_GATE_INTERVAL = "PT10S";
    /** Samples a live limit needs before it is judged when the gate's minComparedRequests is unset or higher. */
    static final String DEFAULT_MIN_SAMPLE = "100";

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Parameters(paramLabel = "FILE", description = "The playbook (YAML, e.g. migration-playbooks/playbooks/catalog.yaml).")
    Path file;

    @Option(names = "--gate-interval", paramLabel = "DURATION", defaultValue = DEFAULT_GATE_INTERVAL,
            description = "Time between two gate readings, ISO-8601 (default: ${DEFAULT-VALUE}); a breach is rolled back within it.")
    Duration gateInterval;

    @Option(names = "--min-sample", paramLabel = "N", defaultValue = DEFAULT_MIN_SAMPLE,
            description = "Samples a limit needs before a breach counts, when the gate's minComparedRequests is unset or higher (default: ${DEFAULT-VALUE}).")
    long minSample;

    @Option(names = "--replay-report", paramLabel = "FILE",
            description = "The JSON result of strangler replay, for gates with requirePassingReplay (re-read at each reading).")
    Path replayReport;

    @Option(names = "--drift-report", paramLabel = "FILE",
            description = "The JSON report of strangler drift check, for gates with maxDrift; without it maxDrift is shown as not checkable.")
    Path driftReport;

    @Option(names = "--through", paramLabel = "STEP",
            description = "Run up to and including STEP (entered, soaked, its gate passed), journal it and exit 0 without moving "
                    + "on (a manual STEP is left waiting for approval); a later run goes on from there.")
    String through;

    @Option(names = "--take-over",
            description = "Take the playbook's runner lease from the run that holds it (that run stops at its next step or "
                    + "reading, exit 5). Without it a second run of the same subdomain is refused (exit 5, nothing changed) "
                    + "while the first runs, or until its lease lapses (30 s after a run that was killed outright).")
    boolean takeOver;

    @Option(names = "--dry-run", description = "Check the playbook, its routes and the journal, show the plan and where the run would start; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (gateInterval.isNegative() || gateInterval.isZero()) {
            throw new ParameterException(spec.commandLine(), "--gate-interval must be more than zero, was " + gateInterval);
        }
        if (minSample < 0) {
            throw new ParameterException(spec.commandLine(), "--min-sample must not be negative");
        }
        Playbook playbook = load();
        PrintWriter out = spec.commandLine().getOut();
        RunProgress progress = new RunProgress(out, spec.commandLine().getErr(), call.json(), !call.json() && Terminal.interactive(),
                Clock.systemUTC());
        try (AdminClient admin = requireRecording(call.client());
             RunnerLease lease = dryRun ? null : RunnerLease.take(admin, playbook.subdomain(), takeOver, RunnerLease.DEFAULT_TTL)) {
            if (lease != null && lease.tookOverFromGoneRun()) {
                spec.commandLine().getErr().println("note: took over playbook " + playbook.subdomain()
                        + "'s runner lease from an earlier run on this host that is gone");
            }
            PlaybookRun run = new PlaybookRun(playbook, admin, new PlaybookRun.Settings(gateInterval, minSample,
                    new GateReports(replayReport, driftReport)), progress, Clock.systemUTC(), lease);
            StartPoint start = run.prepare();
            Integer throughIndex = throughIndex(playbook, start);
            if (dryRun) {
                printPlan(playbook, start, out);
                return ExitCodes.OK;
            }
            run.run(start, throughIndex);
        } finally {
            progress.finish();
        }
        return ExitCodes.OK;
    }

    private static AdminClient requireRecording(AdminClient admin) {
        try {
            PlaybookRun.requireRecording(admin);
            return admin;
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    /** The index of --through's step, or null without it; a usage error for a step the playbook lacks or is past. */
    private Integer throughIndex(Playbook playbook, StartPoint start) {
        if (through == null) {
            return null;
        }
        for (int i = 0; i < playbook.steps().size(); i++) {
            if (playbook.steps().get(i).id().equals(through)) {
                if (i < start.index() || i == start.index() && start.mode() == StartPoint.Mode.DONE) {
                    throw new CliFailure(ExitCodes.USAGE, "--through " + through + ": " + playbook.subdomain() + " is already past it (at step "
                            + playbook.steps().get(start.index()).id() + "); nothing was changed");
                }
                return i;
            }
        }
        throw new ParameterException(spec.commandLine(), "--through " + through + ": no such step in " + file + " (steps: "
                + String.join(", ", playbook.steps().stream().map(dev.strangler.playbook.Step::id).toList()) + ")");
    }

    private Playbook load() {
        try {
            return PlaybookLoader.load(file);
        } catch (PlaybookLoader.InvalidPlaybookException e) {
            throw new CliFailure(ExitCodes.USAGE, file + " is not a valid playbook; nothing was changed:"
                    + e.problems().stream().map(p -> System.lineSeparator() + "  - " + p).reduce("", String::concat));
        }
    }

    private void printPlan(Playbook playbook, StartPoint start, PrintWriter out) {
        if (call.json()) {
            var plan = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("event", "plan")
                    .put("subdomain", playbook.subdomain()).put("startIndex", start.index())
                    .put("startStep", playbook.steps().get(start.index()).id()).put("mode", start.mode().name().toLowerCase(java.util.Locale.ROOT));
            PlaybookPlan.lines(playbook).forEach(plan.putArray("steps")::add);
            out.println(plan);
        } else {
            out.println("playbook " + playbook.subdomain() + " -> " + playbook.service() + ", routes " + String.join(", ", playbook.routes()));
            PlaybookPlan.lines(playbook).forEach(l -> out.println("  " + l));
            String step = playbook.steps().get(start.index()).id();
            out.println(switch (start.mode()) {
                case ENTER -> start.from() == null ? "would start at step " + step
                        : "would enter step " + step + " again (the journal says rolled back to it)";
                case SOAK -> "would go on soaking step " + step + " (entered " + start.since() + ")";
                case APPROVAL -> "would go on waiting for approval of step " + step;
                case DONE -> "already completed: nothing to do";
            });
        }
        out.flush();
    }
}
