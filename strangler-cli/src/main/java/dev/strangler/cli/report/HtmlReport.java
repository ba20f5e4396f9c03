package dev.strangler.cli.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.strangler.cli.replay.ReplayResult;
import dev.strangler.compare.Difference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the replay's report as one self-contained HTML file (no external CSS, script or font): per-route table,
 * top differing paths with examples, latency side by side, skipped counts, errors and mismatched requests. The
 * tables are in the HTML itself, not built by script. Mustache escapes every value.
 */
public final class HtmlReport {

    /** Mismatched requests listed in the page at most; the JSON result has them all. */
    static final int MAX_MISMATCHED_LISTED = 500;
    private static final Mustache TEMPLATE =
            new DefaultMustacheFactory("dev/strangler/cli/report").compile("report.mustache");

    private HtmlReport() {}

    public static void write(ReplayReport report, Path file) {
        ReportFiles.writeHtml(TEMPLATE, view(report), file);
    }

    /** The page as text. */
    static String render(ReplayReport report) {
        return ReportFiles.render(TEMPLATE, view(report));
    }

    record View(ReplayReport report, String mismatchRate, String maxMismatchRate, String verdict, String verdictClass,
                String seconds, List<RouteRow> routes, List<LatencyRow> latencies, List<PathGroup> paths,
                List<MismatchRow> mismatched, long moreMismatched) {

        public boolean anySkipped() {
            return !report.skipped().isEmpty();
        }

        public boolean anyErrors() {
            return !report.errors().isEmpty();
        }

        public boolean anyMismatched() {
            return !mismatched.isEmpty();
        }

        /** Mustache takes any number, 0 too, as present: the page says "… more" only when there are more. */
        public boolean anyMoreMismatched() {
            return moreMismatched > 0;
        }
    }

    record RouteRow(String route, long requests, long compared, long matched, long mismatched, long skipped,
                    long errors, String matchPercent, String state) {}

    record LatencyRow(String route, List<Bar> bars) {}

    record Bar(String label, String side, String value, String width) {}

    record PathGroup(String route, List<ReplayReport.DifferingPath> paths) {}

    record MismatchRow(int line, String route, String method, String uri, int count, List<Difference> differences) {}

    private static View view(ReplayReport report) {
        List<RouteRow> routes = report.routes().stream().map(r -> {
            ReplayReport.Totals t = r.totals();
            String state = t.compared() == 0 ? "none" : t.mismatched() + t.errors() == 0 ? "ok" : "bad";
            return new RouteRow(r.route(), t.requests(), t.compared(), t.matched(), t.mismatched(), t.skipped(),
                    t.errors(), Format.percent(t.matchPercent()), state);
        }).toList();
        List<PathGroup> paths = report.routes().stream().filter(r -> !r.differingPaths().isEmpty())
                .map(r -> new PathGroup(r.route(), r.differingPaths())).toList();
        List<MismatchRow> mismatched = report.mismatched().stream().limit(MAX_MISMATCHED_LISTED)
                .map(HtmlReport::mismatchRow).toList();
        return new View(report, Format.rate(report.mismatchRate()), Format.rate(report.maxMismatchRate()),
                report.passed() ? "PASSED" : "FAILED", report.passed() ? "ok" : "bad",
                String.format(Locale.ROOT, "%.1f", report.seconds()), routes, latencies(report), paths, mismatched,
                Math.max(0, report.mismatched().size() - MAX_MISMATCHED_LISTED));
    }

    private static MismatchRow mismatchRow(ReplayResult r) {
        return new MismatchRow(r.line(), r.route(), r.method(), r.uri(), r.mismatchCount(), r.differences());
    }

    /** Bars scaled to the slowest p99 of the route, legacy and candidate one above the other. */
    private static List<LatencyRow> latencies(ReplayReport report) {
        List<LatencyRow> rows = new ArrayList<>();
        for (ReplayReport.RouteReport route : report.routes()) {
            double max = Stream.of(route.legacy().p99(), route.candidate().p99())
                    .filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
            if (max <= 0) {
                continue;
            }
            rows.add(new LatencyRow(route.route(), List.of(
                    bar("legacy p50", "legacy", route.legacy().p50(), max),
                    bar("candidate p50", "candidate", route.candidate().p50(), max),
                    bar("legacy p99", "legacy", route.legacy().p99(), max),
                    bar("candidate p99", "candidate", route.candidate().p99(), max))));
        }
        return rows;
    }

    private static Bar bar(String label, String side, Double value, double max) {
        double width = value == null ? 0 : Math.max(0.5, 100 * value / max);
        return new Bar(label, side, Format.millis(value) + " ms", String.format(Locale.ROOT, "%.1f%%", width));
    }
}
