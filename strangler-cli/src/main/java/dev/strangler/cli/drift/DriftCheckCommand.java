package dev.strangler.cli.drift;

import dev.strangler.cli.admin.AdminCa;
import dev.strangler.cli.AdminToken;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.report.JsonReport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler drift check}: compares the legacy and the extracted store for drift, as a drift spec says. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compares the legacy and the extracted store for the migrated aggregates, and the events each emitted.",
            "%nBoth sides' aggregate queries are streamed ordered by id and merged: ids on one side only, and per id "
                    + "the SHA-256 of the state's canonical JSON (ignored fields left out), then its differences. The "
                    + "events queries are merged by correlation id. With --proxy-admin, the proxy's shadow summaries "
                    + "of the --route's are shown beside them. Prints a summary; writes a JSON result and an HTML "
                    + "report when asked."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:drift within --max-drift",
            "1:drift over --max-drift",
            "2:usage error, or a bad drift spec (every problem listed), or a query the database refuses",
            "3:a database or the admin API can't be reached, or a report can't be written",
            "4:the admin API refused the token (401/403)"})
public final class DriftCheckCommand implements Callable<Integer> {

    public static final String DEFAULT_TOKEN_ENV = "STRANGLER_ADMIN_TOKEN";

    @Spec
    CommandSpec spec;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The drift spec (YAML/JSON, kind: DriftCheck).")
    Path specFile;

    @Option(names = "--legacy-database", paramLabel = "URL", description = "Instead of the spec's legacy.database.")
    String legacyDatabase;

    @Option(names = "--extracted-database", paramLabel = "URL", description = "Instead of the spec's extracted.database.")
    String extractedDatabase;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Events from this ISO-8601 instant (instead of the spec's window.since).")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Events before this ISO-8601 instant (instead of the spec's window.until).")
    String until;

    @Option(names = "--max-drift", paramLabel = "N", defaultValue = "" + DriftOptions.DEFAULT_MAX_DRIFT,
            description = "Exit 1 when more than N aggregates and correlation ids drifted (default: ${DEFAULT-VALUE}).")
    long maxDrift;

    @Option(names = "--max-listed", paramLabel = "N", defaultValue = "" + DriftOptions.DEFAULT_MAX_LISTED,
            description = "Ids, aggregates and correlation ids listed at most per finding; all are counted (default: ${DEFAULT-VALUE}).")
    int maxListed;

    @Option(names = "--fetch-size", paramLabel = "N", defaultValue = "" + DriftOptions.DEFAULT_FETCH_SIZE,
            description = "Rows fetched at a time from each database (default: ${DEFAULT-VALUE}).")
    int fetchSize;

    @Option(names = "--proxy-admin", paramLabel = "URL", description = "The proxy's admin API, for the shadow summaries of the --route's.")
    URI proxyAdmin;

    @Option(names = "--admin-token-env", paramLabel = "NAME", defaultValue = DEFAULT_TOKEN_ENV,
            description = "The environment variable holding the admin token (default: ${DEFAULT-VALUE}).")
    String adminTokenEnv;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "A file holding the admin token (instead of --admin-token-env).")
    Path adminTokenFile;

    @Mixin
    AdminCa adminCa;

    @Option(names = "--route", paramLabel = "ID", description = "A route whose shadow summary to show (repeatable; needs --proxy-admin).")
    List<String> routes = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON result here.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.")
    Path html;

    @Option(names = "--checksums", paramLabel = "FILE",
            description = "Write every aggregate's id, both checksums and verdict here (tab-separated), as the merge goes.")
    Path checksums;

    @Option(names = "--no-progress", description = "No progress on stderr (there is none anyway when stderr is not a terminal).")
    boolean noProgress;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "For the admin API (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() {
        DriftOptions options = options();
        Instant started = Instant.now();
        Map<String, String> env = System.getenv();
        DriftSpec drift = readSpec();
        List<DriftReport.ShadowRoute> shadow = routes.isEmpty() ? List.of()
                : new ShadowSummaries(proxyAdmin, AdminToken.read(adminTokenFile, "--admin-token-file", adminTokenEnv,
                        env, spec.commandLine()), Duration.ofMillis(Math.round(timeoutSeconds * 1000)), adminCa.client()).fetch(routes);
        DriftProgress progress = DriftProgress.onStderr(!noProgress, spec.commandLine().getErr());
        DriftReport report = new DriftCheck(drift, options, progress).run(env, started, shadow);
        var err = spec.commandLine().getErr();
        err.printf(java.util.Locale.ROOT, "read %d rows in %.1f s (%.0f rows/s)%n", report.throughput().rows(),
                report.throughput().seconds(), report.throughput().rowsPerSecond());
        err.flush();
        DriftSummary.print(report, spec.commandLine().getOut());
        if (json != null) {
            JsonReport.write(report, json);
        }
        if (html != null) {
            DriftHtml.write(report, html);
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.MISMATCH;
    }

    private DriftOptions options() {
        if (maxDrift < 0) {
            throw usage("--max-drift must be 0 or more, was " + maxDrift);
        }
        if (maxListed < 1) {
            throw usage("--max-listed must be at least 1, was " + maxListed);
        }
        if (fetchSize < 1) {
            throw usage("--fetch-size must be at least 1, was " + fetchSize);
        }
        if (timeoutSeconds <= 0) {
            throw usage("--timeout must be more than 0 seconds");
        }
        if (!routes.isEmpty() && proxyAdmin == null) {
            throw usage("--route needs --proxy-admin URL (the proxy's admin API)");
        }
        if (proxyAdmin != null && routes.isEmpty()) {
            throw usage("--proxy-admin needs at least one --route whose shadow summary to show");
        }
        if (proxyAdmin != null && (proxyAdmin.getScheme() == null || !proxyAdmin.getScheme().matches("https?")
                || proxyAdmin.getHost() == null)) {
            throw usage("--proxy-admin must be an http(s) URL such as http://127.0.0.1:9901, was '" + proxyAdmin + "'");
        }
        return new DriftOptions(specFile, maxDrift, maxListed, fetchSize, checksums);
    }

    private DriftSpec readSpec() {
        String text;
        try {
            text = Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read the drift spec " + specFile + ": " + e);
        }
        try {
            return DriftSpecReader.read(text, new DriftSpecReader.Overrides(legacyDatabase, extractedDatabase,
                    instant("--since", since), instant("--until", until)));
        } catch (InvalidDriftSpecException e) {
            throw new CliFailure(ExitCodes.USAGE, specFile + ": " + e.getMessage());
        }
    }

    private Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw usage(option + " must be an ISO-8601 instant such as 2026-11-29T06:00:00Z, was '" + text + "'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
