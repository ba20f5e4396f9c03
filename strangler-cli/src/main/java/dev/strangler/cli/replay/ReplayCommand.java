package dev.strangler.cli.replay;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.report.HtmlReport;
import dev.strangler.cli.report.JsonReport;
import dev.strangler.cli.report.ReplayReport;
import dev.strangler.cli.report.TerminalSummary;
import dev.strangler.compare.CompareRulesFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler replay}: replays a capture against legacy (twice) and a candidate, and reports what differs. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replays a capture against legacy and a candidate, and reports what differs.",
            "%nEach request goes to legacy, to legacy again (what legacy changes by itself is noise) and to the "
                    + "candidate; the answers are compared with the route's compare rules. Each recorded session keeps "
                    + "its order and has its own cookie jars; unsafe requests are skipped unless --allow-writes. Prints "
                    + "a summary; writes a JSON result and an HTML report when asked."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the mismatch rate is within --max-mismatch-rate",
            "1:the mismatch rate is over --max-mismatch-rate",
            "2:usage error",
            "3:a bad capture or rules file, nothing to replay, or a report that can't be written"})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--capture", required = true, paramLabel = "FILE", description = "The capture (JSON Lines).")
    Path capture;

    @Option(names = "--legacy", required = true, paramLabel = "URL", description = "Legacy's base URL.")
    URI legacy;

    @Option(names = "--candidate", required = true, paramLabel = "URL", description = "The candidate's base URL.")
    URI candidate;

    @Option(names = "--rules", paramLabel = "FILE", description = "Compare rules (YAML/JSON; default: the defaults on every route).")
    Path rules;

    @Option(names = "--rate", paramLabel = "N[/s]", description = "At most N requests per second, over all sessions.")
    String rate;

    @Option(names = "--speed", paramLabel = "F", description = "The recorded pace sped up F times (1 = as recorded).")
    Double speed;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ReplayOptions.DEFAULT_CONCURRENCY,
            description = "Sessions replayed at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--route", paramLabel = "ID", description = "Only this route (repeatable; default: every route).")
    List<String> routes = new ArrayList<>();

    @Option(names = "--allow-writes", description = "Replay unsafe requests too; requires --sandbox-header.")
    boolean allowWrites;

    @Option(names = "--sandbox-header", paramLabel = "NAME:VALUE",
            description = "Added to every replayed request on both sides, e.g. to route it to a sandbox (repeatable).")
    List<String> sandboxHeaders = new ArrayList<>();

    @Option(names = "--max-mismatch-rate", paramLabel = "R", defaultValue = "" + ReplayOptions.DEFAULT_MAX_MISMATCH_RATE,
            description = "Exit 1 when (mismatched + errors) / (compared + errors) is over R (default: ${DEFAULT-VALUE}).")
    double maxMismatchRate;

    @Option(names = "--learned-noise-min-pairs", paramLabel = "N",
            defaultValue = "" + ReplayOptions.DEFAULT_LEARNED_NOISE_MIN_PAIRS,
            description = "A JSON path where legacy differed from itself in at least N requests of a route is noise on "
                    + "every request of that route; 0: only in the request's own pair (default: ${DEFAULT-VALUE}).")
    long learnedNoiseMinPairs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON result here.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.")
    Path html;

    @Option(names = "--no-progress", description = "No progress bar (there is none anyway when stderr is not a terminal).")
    boolean noProgress;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Per request and side (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--side-down-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a request waits for a side that can't be reached (restarting, draining) before it "
                    + "is an error; unsafe requests are sent again only with their idempotency key (default: ${DEFAULT-VALUE}).")
    double sideDownTimeoutSeconds;

    @Option(names = "--resume", description = "Go on with an interrupted replay: the lines its journal (next to --json)"
            + " records as done are not sent again; the report is the same as an uninterrupted run's.")
    boolean resume;

    @Override
    public Integer call() {
        ReplayOptions options = options();
        Instant started = Instant.now();
        CompareRulesFile compareRules = RulesFile.read(options.rules());
        List<Recorded> captured = CaptureFile.read(options.capture());
        List<List<Recorded>> units = ReplayPlan.units(captured, options.routes());
        if (units.isEmpty()) {
            // A gate that passes on nothing would hide a typo in --route or an empty export.
            throw CliFailure.input("nothing to replay: " + (captured.isEmpty() ? options.capture() + " has no lines"
                    : "no line is on " + options.routes() + "; the capture has " + new TreeSet<>(
                            captured.stream().map(r -> r.exchange().route()).toList())));
        }
        Progress progress = Progress.onStderr(units.stream().mapToInt(List::size).sum(),
                options.progress(), spec.commandLine().getErr());
        SideTrouble trouble = new SideTrouble();
        progress.watch(trouble);
        ReplayJournal journal = options.json() == null ? null : ReplayJournal.open(options, resume);
        if (journal != null && resume) {
            spec.commandLine().getOut().println("resuming: " + journal.doneCount() + " line(s) already done");
        }
        Replayer.Run run = new Replayer(options, compareRules, progress, trouble, journal).run(units);
        List<ReplayResult> results = RouteNoise.apply(run.results(), run.noise(), options.learnedNoiseMinPairs());
        ReplayReport report = ReplayReport.of(options, started, Instant.now(), results, run.noise());
        TerminalSummary.print(report, spec.commandLine().getOut());
        spec.commandLine().getOut().println(trouble.summary());
        spec.commandLine().getOut().flush();
        if (options.json() != null) {
            JsonReport.write(report, options.json());
        }
        if (options.html() != null) {
            HtmlReport.write(report, options.html());
        }
        if (journal != null) {
            journal.finish();
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.MISMATCH;
    }

    private ReplayOptions options() {
        if (rate != null && speed != null) {
            throw usage("give --rate or --speed, not both");
        }
        if (concurrency < 1) {
            throw usage("--concurrency must be at least 1, was " + concurrency);
        }
        if (maxMismatchRate < 0 || maxMismatchRate > 1) {
            throw usage("--max-mismatch-rate must be between 0 and 1, was " + maxMismatchRate);
        }
        if (learnedNoiseMinPairs < 0) {
            throw usage("--learned-noise-min-pairs must be 0 or more, was " + learnedNoiseMinPairs);
        }
        if (timeoutSeconds <= 0) {
            throw usage("--timeout must be more than 0 seconds");
        }
        if (sideDownTimeoutSeconds < 0) {
            throw usage("--side-down-timeout must be 0 seconds or more");
        }
        if (resume && json == null) {
            throw usage("--resume goes on from the journal next to the JSON result: give the same --json as the interrupted run");
        }
        if (allowWrites && sandboxHeaders.isEmpty()) {
            throw usage("--allow-writes replays unsafe requests: say which sandbox they go to with --sandbox-header NAME:VALUE");
        }
        checkBase("--legacy", legacy);
        checkBase("--candidate", candidate);
        List<ReplayOptions.SandboxHeader> headers = new ArrayList<>();
        for (String header : sandboxHeaders) {
            try {
                headers.add(ReplayOptions.SandboxHeader.parse(header));
            } catch (IllegalArgumentException e) {
                throw usage("--sandbox-header " + e.getMessage());
            }
        }
        return new ReplayOptions(capture, legacy, candidate, rules, pacing(), concurrency, new LinkedHashSet<>(routes),
                allowWrites, headers, maxMismatchRate, learnedNoiseMinPairs, json, html, !noProgress,
                Duration.ofMillis(Math.round(timeoutSeconds * 1000)), Duration.ofMillis(Math.round(sideDownTimeoutSeconds * 1000)));
    }

    private Pacing pacing() {
        if (speed != null) {
            if (!(speed > 0)) {
                throw usage("--speed must be more than 0, was " + speed);
            }
            return new Pacing.Speed(speed);
        }
        if (rate != null) {
            String number = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
            try {
                double perSecond = Double.parseDouble(number);
                if (perSecond > 0) {
                    return new Pacing.Rate(perSecond);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw usage("--rate must be a number of requests per second above 0 (e.g. 50 or 50/s), was '" + rate + "'");
        }
        return new Pacing.Unpaced();
    }

    private void checkBase(String option, URI base) {
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw usage(option + " must be an http(s) URL such as http://127.0.0.1:8081, was '" + base + "'");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw usage(option + " must be a base URL without query or fragment, was '" + base + "'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
