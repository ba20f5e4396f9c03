package dev.strangler.cli.drift;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.strangler.cli.report.ReportFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the drift report as one self-contained HTML file, styled like the replay report: both stores, the
 * aggregates, the events by correlation id and the proxy's shadow summaries on one page. Mustache escapes every
 * value (ids, JSON values and database text are data, never markup).
 */
final class DriftHtml {

    private static final Mustache TEMPLATE =
            new DefaultMustacheFactory("dev/strangler/cli/report").compile("drift.mustache");

    private DriftHtml() {}

    static void write(DriftReport report, Path file) {
        ReportFiles.writeHtml(TEMPLATE, view(report), file);
    }

    /** The page as text. */
    static String render(DriftReport report) {
        return ReportFiles.render(TEMPLATE, view(report));
    }

    record View(DriftReport report, String seconds, String rowsPerSecond, String verdict, String verdictClass,
                List<StoreRow> stores, String aggregatesClass, List<ShadowRow> shadow) {

        public boolean anyAggregatePaths() {
            return !report.aggregates().topPaths().isEmpty();
        }

        public boolean anyDifferent() {
            return !report.aggregates().differences().isEmpty();
        }

        public boolean moreDifferent() {
            return report.aggregates().different() > report.aggregates().differences().size();
        }

        public boolean moreOnlyInLegacy() {
            return report.aggregates().onlyInLegacy() > report.aggregates().onlyInLegacyIds().size();
        }

        public boolean moreOnlyInExtracted() {
            return report.aggregates().onlyInExtracted() > report.aggregates().onlyInExtractedIds().size();
        }

        public boolean anyShadow() {
            return !shadow.isEmpty();
        }
    }

    record StoreRow(String side, DriftReport.StoreFigures figures, String events, String uncorrelated) {

        static StoreRow of(String side, DriftReport.StoreFigures figures) {
            return new StoreRow(side, figures, figures.events() == null ? "–" : figures.events().toString(),
                    figures.uncorrelatedEvents() == null ? "–" : figures.uncorrelatedEvents().toString());
        }
    }

    private static View view(DriftReport report) {
        return new View(report, String.format(Locale.ROOT, "%.1f", report.seconds()),
                String.format(Locale.ROOT, "%.0f", report.throughput().rowsPerSecond()),
                report.passed() ? "PASSED" : "FAILED", report.passed() ? "ok" : "bad",
                List.of(StoreRow.of("legacy", report.legacy()), StoreRow.of("extracted", report.extracted())),
                report.aggregates().drift() == 0 ? "ok" : "bad",
                report.shadow().stream().map(ShadowRow::of).toList());
    }
}
