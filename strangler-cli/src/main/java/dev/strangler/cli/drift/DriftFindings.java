package dev.strangler.cli.drift;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a merge found so far, counted in full and listed up to a bound; turned into the report's records at the end. */
final class DriftFindings {

    static final int TOP_PATHS = 10;

    private DriftFindings() {}

    static DriftReport.Diff diff(Difference d) {
        return new DriftReport.Diff(d.kind().name(), d.path(), d.legacy(), d.candidate());
    }

    /** Differing paths, generalised, counted with their first example. */
    static final class Paths {
        private final Map<String, DriftReport.PathCount> byPath = new HashMap<>();

        void add(String id, DriftReport.Diff diff) {
            String path = LearnedNoise.generalise(diff.path());
            byPath.merge(path, new DriftReport.PathCount(path, diff.kind(), 1, id, diff.legacy(), diff.extracted()),
                    (was, one) -> new DriftReport.PathCount(path, was.kind(), was.count() + 1, was.id(), was.legacy(),
                            was.extracted()));
        }

        List<DriftReport.PathCount> top() {
            return byPath.values().stream()
                    .sorted(Comparator.comparingLong(DriftReport.PathCount::count).reversed()
                            .thenComparing(DriftReport.PathCount::path))
                    .limit(TOP_PATHS).toList();
        }
    }

    /** The aggregates merge. */
    static final class Aggregates {
        private final int maxListed;
        private long equal;
        private long equalUnderRules;
        private long different;
        private long onlyInLegacy;
        private long onlyInExtracted;
        private final List<String> onlyInLegacyIds = new ArrayList<>();
        private final List<String> onlyInExtractedIds = new ArrayList<>();
        private final List<DriftReport.DifferentAggregate> differences = new ArrayList<>();
        private final Paths paths = new Paths();
        private String legacyDigest;
        private String extractedDigest;
        private long legacyRows;
        private long extractedRows;

        Aggregates(int maxListed) {
            this.maxListed = maxListed;
        }

        void equal(String id) {
            equal++;
        }

        void equalUnderRules(String id) {
            equalUnderRules++;
        }

        void onlyInLegacy(String id, String checksum) {
            onlyInLegacy++;
            if (onlyInLegacyIds.size() < maxListed) {
                onlyInLegacyIds.add(id);
            }
        }

        void onlyInExtracted(String id, String checksum) {
            onlyInExtracted++;
            if (onlyInExtractedIds.size() < maxListed) {
                onlyInExtractedIds.add(id);
            }
        }

        void different(String id, String legacyChecksum, String extractedChecksum, Comparison comparison) {
            different++;
            List<DriftReport.Diff> diffs = comparison.mismatches().stream().map(DriftFindings::diff).toList();
            diffs.forEach(d -> paths.add(id, d));
            if (differences.size() < maxListed) {
                differences.add(new DriftReport.DifferentAggregate(id, legacyChecksum, extractedChecksum,
                        comparison.mismatchCount(), diffs));
            }
        }

        void digests(String legacy, String extracted, long legacyRows, long extractedRows) {
            this.legacyDigest = legacy;
            this.extractedDigest = extracted;
            this.legacyRows = legacyRows;
            this.extractedRows = extractedRows;
        }

        DriftReport.StoreFigures legacyFigures(String database, Events events) {
            return new DriftReport.StoreFigures(database, legacyRows, legacyDigest,
                    events == null ? null : events.legacyRows, events == null ? null : events.legacyUncorrelated);
        }

        DriftReport.StoreFigures extractedFigures(String database, Events events) {
            return new DriftReport.StoreFigures(database, extractedRows, extractedDigest,
                    events == null ? null : events.extractedRows, events == null ? null : events.extractedUncorrelated);
        }

        long rows() {
            return legacyRows + extractedRows;
        }

        DriftReport.Aggregates report() {
            return new DriftReport.Aggregates(equal + equalUnderRules + different, equal, equalUnderRules, different,
                    onlyInLegacy, onlyInExtracted, onlyInLegacyIds, onlyInExtractedIds, differences, paths.top());
        }
    }

    /** The events merge, by correlation id. */
    static final class Events {
        private final int maxListed;
        private long legacyIds;
        private long extractedIds;
        private long matching;
        private long differing;
        private long onlyInLegacy;
        private long onlyInExtracted;
        private final List<DriftReport.OneSided> onlyInLegacyList = new ArrayList<>();
        private final List<DriftReport.OneSided> onlyInExtractedList = new ArrayList<>();
        private final List<DriftReport.DifferentEvents> differences = new ArrayList<>();
        private final Paths paths = new Paths();
        long legacyRows;
        long extractedRows;
        long legacyUncorrelated;
        long extractedUncorrelated;

        Events(int maxListed) {
            this.maxListed = maxListed;
        }

        void onlyInLegacy(String correlationId, List<String> events) {
            legacyIds++;
            onlyInLegacy++;
            if (onlyInLegacyList.size() < maxListed) {
                onlyInLegacyList.add(new DriftReport.OneSided(correlationId, events));
            }
        }

        void onlyInExtracted(String correlationId, List<String> events) {
            extractedIds++;
            onlyInExtracted++;
            if (onlyInExtractedList.size() < maxListed) {
                onlyInExtractedList.add(new DriftReport.OneSided(correlationId, events));
            }
        }

        void both(String correlationId, List<DriftReport.Diff> diffs) {
            legacyIds++;
            extractedIds++;
            if (diffs.isEmpty()) {
                matching++;
                return;
            }
            differing++;
            diffs.forEach(d -> paths.add(correlationId, d));
            if (differences.size() < maxListed) {
                differences.add(new DriftReport.DifferentEvents(correlationId, diffs));
            }
        }

        DriftReport.Events report() {
            return new DriftReport.Events(legacyIds, extractedIds, matching + differing, matching, differing,
                    onlyInLegacy, onlyInExtracted, onlyInLegacyList, onlyInExtractedList, differences, paths.top());
        }
    }
}
