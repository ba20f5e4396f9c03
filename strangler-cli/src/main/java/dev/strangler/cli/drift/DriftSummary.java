package dev.strangler.cli.drift;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The drift check's summary for a person at a terminal or a CI log: both stores, what drifted, the verdict. */
final class DriftSummary {

    static final int MAX_LISTED = 10;

    private DriftSummary() {}

    static void print(DriftReport report, PrintWriter out) {
        out.printf(Locale.ROOT, "Drift check %s (%s) in %.1f s%n", report.name(), report.spec(), report.seconds());
        out.printf(Locale.ROOT, "%-10s %10s %10s %12s  %-16s %s%n", "store", "aggregates", "events", "uncorrelated",
                "digest", "database");
        store(out, "legacy", report.legacy());
        store(out, "extracted", report.extracted());
        DriftReport.Aggregates a = report.aggregates();
        out.printf(Locale.ROOT, "Aggregates: %d in both: %d equal, %d equal under the rules, %d different; "
                + "%d only in legacy, %d only in extracted%n", a.inBoth(), a.equal(), a.equalUnderRules(),
                a.different(), a.onlyInLegacy(), a.onlyInExtracted());
        ids(out, "only in legacy", a.onlyInLegacyIds(), a.onlyInLegacy());
        ids(out, "only in extracted", a.onlyInExtractedIds(), a.onlyInExtracted());
        a.differences().stream().limit(MAX_LISTED).forEach(d -> out.printf(Locale.ROOT,
                "  different: %s (%d differences) %s%n", d.id(), d.differenceCount(), first(d.differences())));
        paths(out, a.topPaths(), "aggregates");
        DriftReport.Events e = report.events();
        if (e != null) {
            out.printf(Locale.ROOT, "Events: %d correlation ids in legacy, %d in extracted, %d in both: %d matching, "
                    + "%d differing; %d only in legacy, %d only in extracted%n", e.legacyCorrelationIds(),
                    e.extractedCorrelationIds(), e.inBoth(), e.matching(), e.differing(), e.onlyInLegacy(),
                    e.onlyInExtracted());
            e.onlyInLegacyList().stream().limit(MAX_LISTED).forEach(o -> out.printf(Locale.ROOT,
                    "  only in legacy: %s: %s%n", o.correlationId(), String.join(", ", o.events())));
            e.onlyInExtractedList().stream().limit(MAX_LISTED).forEach(o -> out.printf(Locale.ROOT,
                    "  only in extracted: %s: %s%n", o.correlationId(), String.join(", ", o.events())));
            e.differences().stream().limit(MAX_LISTED).forEach(d -> out.printf(Locale.ROOT,
                    "  differing: %s: %s%n", d.correlationId(), first(d.differences())));
            paths(out, e.topPaths(), "correlation ids");
        }
        for (DriftReport.ShadowRoute route : report.shadow()) {
            ShadowRow row = ShadowRow.of(route);
            out.printf(Locale.ROOT, "Shadow %s (since %s): %s compared, %s matched, %s mismatched, match rate %s%n",
                    row.route(), row.since(), row.compared(), row.matched(), row.mismatched(), row.matchRate());
        }
        out.printf(Locale.ROOT, "Drift %d (max %d): %s%n", report.drift(), report.maxDrift(),
                report.passed() ? "PASSED" : "FAILED");
        out.flush();
    }

    private static void store(PrintWriter out, String side, DriftReport.StoreFigures store) {
        out.printf(Locale.ROOT, "%-10s %10d %10s %12s  %-16s %s%n", side, store.aggregates(),
                store.events() == null ? "–" : store.events(),
                store.uncorrelatedEvents() == null ? "–" : store.uncorrelatedEvents(),
                store.digest().substring(0, 12) + "…", store.database());
    }

    private static void ids(PrintWriter out, String what, List<String> ids, long count) {
        if (count > 0) {
            out.printf(Locale.ROOT, "  %s: %s%s%n", what, String.join(", ", ids.stream().limit(MAX_LISTED).toList()),
                    count > Math.min(ids.size(), MAX_LISTED) ? " … (" + count + " in all)" : "");
        }
    }

    private static void paths(PrintWriter out, List<DriftReport.PathCount> paths, String unit) {
        paths.forEach(p -> out.printf(Locale.ROOT, "  differs: %s (%s) in %d %s, e.g. %s: %s -> %s%n", p.path(),
                p.kind(), p.count(), unit, p.id(), p.legacy(), p.extracted()));
    }

    private static String first(List<DriftReport.Diff> diffs) {
        if (diffs.isEmpty()) {
            return "";
        }
        DriftReport.Diff d = diffs.getFirst();
        return d.kind() + " " + d.path() + ": " + d.legacy() + " -> " + d.extracted() + (diffs.size() > 1 ? " …" : "");
    }
}
