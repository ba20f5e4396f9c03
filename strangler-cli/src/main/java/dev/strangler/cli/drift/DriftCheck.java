package dev.strangler.cli.drift;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One drift check: connects to both stores, merges their aggregates, then their events, and adds it all up. */
final class DriftCheck {

    private final DriftSpec spec;
    private final int maxListed;
    private final int fetchSize;
    private final DriftProgress progress;
    private final Path checksums;

    /** {@code checksums}: where to write every aggregate's checksums and verdict, or null. */
    DriftCheck(DriftSpec spec, int maxListed, int fetchSize, DriftProgress progress, Path checksums) {
        this.spec = spec;
        this.maxListed = maxListed;
        this.fetchSize = fetchSize;
        this.progress = progress;
        this.checksums = checksums;
    }

    DriftReport run(Map<String, String> env, String specFile, Instant started, List<DriftReport.ShadowRoute> shadow,
                    long maxDrift) {
        try (Store legacy = open(spec.legacy(), env); Store extracted = open(spec.extracted(), env)) {
            KeyOrder order = legacy.integerIds() & extracted.integerIds() ? KeyOrder.NUMERIC : KeyOrder.TEXT;
            if (spec.comparesEvents()) {
                legacy.checkEventColumns(spec.window());
                extracted.checkEventColumns(spec.window());
            }
            long mergeStarted = System.nanoTime();
            DriftFindings.Aggregates aggregates;
            try (ChecksumFile file = checksums == null ? ChecksumFile.NONE : ChecksumFile.at(checksums);
                 Rows<Store.AggregateRow> l = legacy.aggregates(order);
                 Rows<Store.AggregateRow> e = extracted.aggregates(order)) {
                aggregates = new AggregateDrift(spec.aggregateRules(), maxListed, progress, file).run(l, e, order);
            }
            progress.finish();
            double mergeSeconds = (System.nanoTime() - mergeStarted) / 1e9;
            DriftFindings.Events events = null;
            if (spec.comparesEvents()) {
                try (Rows<Store.EventRow> l = legacy.events(spec.window());
                     Rows<Store.EventRow> e = extracted.events(spec.window())) {
                    events = new EventDrift(spec.eventRules(), maxListed).run(l, e);
                }
            }
            DriftReport.Aggregates aggregateReport = aggregates.report();
            DriftReport.Events eventReport = events == null ? null : events.report();
            long drift = aggregateReport.drift() + (eventReport == null ? 0 : eventReport.drift());
            Instant ended = Instant.now();
            return new DriftReport(specFile, spec.name(), started.toString(),
                    Duration.between(started, ended).toMillis() / 1000.0,
                    aggregates.legacyFigures(spec.legacy().database().shown(), events),
                    aggregates.extractedFigures(spec.extracted().database().shown(), events),
                    aggregateReport, eventReport, shadow, drift, maxDrift, drift <= maxDrift,
                    new DriftReport.Throughput(aggregates.rows(), mergeSeconds,
                            mergeSeconds == 0 ? 0 : aggregates.rows() / mergeSeconds));
        }
    }

    private Store open(DriftSpec.Side side, Map<String, String> env) {
        String passwordEnv = side.database().passwordEnv();
        return Store.open(side, passwordEnv == null ? null : env.get(passwordEnv), fetchSize);
    }
}
