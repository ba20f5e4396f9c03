package dev.strangler.cli.report;

import java.io.PrintWriter;
import java.util.Locale;

/** The replay's summary for a person at a terminal or a CI log: one table, the top differences, the verdict. */
public final class TerminalSummary {

    private static final int MAX_LISTED = 10;

    private TerminalSummary() {}

    public static void print(ReplayReport report, PrintWriter out) {
        ReplayReport.Totals t = report.totals();
        out.printf(Locale.ROOT, "Replayed %s: %d requests in %.1f s (legacy %s, candidate %s)%n", report.capture(),
                t.requests(), report.seconds(), report.legacy(), report.candidate());
        out.printf(Locale.ROOT, "%-24s %8s %8s %8s %10s %8s %7s %8s  %-19s %-19s%n", "route", "requests", "compared",
                "matched", "mismatched", "skipped", "errors", "match %", "legacy p50/p99 ms", "candidate p50/p99 ms");
        for (ReplayReport.RouteReport route : report.routes()) {
            ReplayReport.Totals r = route.totals();
            out.printf(Locale.ROOT, "%-24s %8d %8d %8d %10d %8d %7d %8s  %-19s %-19s%n", route.route(), r.requests(),
                    r.compared(), r.matched(), r.mismatched(), r.skipped(), r.errors(), Format.percent(r.matchPercent()),
                    Format.latency(route.legacy()), Format.latency(route.candidate()));
        }
        for (ReplayReport.RouteReport route : report.routes()) {
            for (ReplayReport.DifferingPath path : route.differingPaths()) {
                ReplayReport.Example e = path.examples().getFirst();
                out.printf(Locale.ROOT, "  differs: %s %s (%s) in %d requests, e.g. line %d %s %s: %s -> %s%n",
                        route.route(), path.path(), path.kind(), path.count(), e.line(), e.method(), e.uri(),
                        e.legacy(), e.candidate());
            }
        }
        report.skipped().forEach(s -> out.printf(Locale.ROOT, "  skipped: %d %s%n", s.count(), s.name()));
        report.errors().stream().limit(MAX_LISTED).forEach(e -> out.printf(Locale.ROOT, "  error: line %d %s %s: %s%n",
                e.line(), e.method(), e.uri(), e.reason()));
        if (report.errors().size() > MAX_LISTED) {
            out.printf(Locale.ROOT, "  … and %d more errors%n", report.errors().size() - MAX_LISTED);
        }
        for (ReplayReport.RouteReport route : report.routes()) {
            route.learnedNoise().forEach(n -> out.printf(Locale.ROOT, "  learned noise: %s %s (%d of %d pairs)%n",
                    route.route(), n.name(), n.count(), route.noisePairs()));
            if (route.matchedByLearnedNoise() > 0) {
                out.printf(Locale.ROOT, "  %s: %d requests matched once the route's learned noise was left out%n",
                        route.route(), route.matchedByLearnedNoise());
            }
        }
        out.printf(Locale.ROOT, "Mismatch rate %s (max %s): %s%n", Format.rate(report.mismatchRate()),
                Format.rate(report.maxMismatchRate()), report.passed() ? "PASSED" : "FAILED");
        out.flush();
    }
}
