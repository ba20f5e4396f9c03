package dev.strangler.cli.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One drift check: connects to both stores, merges their aggregates, then their events, and adds it all up. */
final class DriftCheck {

    private final DriftSpec spec;
    private final DriftOptions options;
    private final DriftProgress progress;

    DriftCheck(DriftSpec spec, DriftOptions options, DriftProgress progress) {
        this.spec = spec;
        this.options = options;
        this.progress = progress;
    }

    /** {@code env}: where the spec's password variables are; {@code shadow}: the summaries to show beside. */
    DriftReport run(Map<String, String> env, Instant started, List<DriftReport.ShadowRoute> shadow) {
        int maxListed = options.maxListed();
        long maxDrift = options.maxDrift();
        try (Store legacy = open(spec.legacy(), env); Store extracted = open(spec.extracted(), env)) {
            // &, not &&: both queries are probed, so a column missing on either side is reported now.
            KeyOrder order = legacy.integerIds(spec.window()) & extracted.integerIds(spec.window()) ? KeyOrder.NUMERIC : KeyOrder.TEXT;
            if (spec.comparesEvents()) {
                legacy.checkEventColumns(spec.window());
                extracted.checkEventColumns(spec.window());
            }
            long mergeStarted = System.nanoTime();
            DriftFindings.Aggregates aggregates;
            try (ChecksumFile file = options.checksums() == null ? ChecksumFile.NONE
                         : ChecksumFile.at(options.checksums());
                 Rows<Store.AggregateRow> l = legacy.aggregates(order, spec.window());
                 Rows<Store.AggregateRow> e = extracted.aggregates(order, spec.window())) {
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
            return new DriftReport(options.spec().toString(), spec.name(), started.toString(),
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
        return Store.open(side, passwordEnv == null ? null : env.get(passwordEnv), options.fetchSize());
    }
}
