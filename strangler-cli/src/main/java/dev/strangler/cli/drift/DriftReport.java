package dev.strangler.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a drift check found, as the terminal summary, the JSON result and the HTML report show it.
 *
 * @param spec       the spec file
 * @param name       the spec's name
 * @param startedAt  when the check started (ISO-8601)
 * @param seconds    how long it took
 * @param legacy     the legacy store's figures
 * @param extracted  the extracted store's figures
 * @param aggregates the aggregates compared by id
 * @param events     the events compared by correlation id; null when the spec has no events queries
 * @param shadow     the proxy's shadow summaries of the routes asked for (the response comparisons), in order
 * @param drift      aggregates on one side only or different, plus correlation ids whose events differ or are on
 *                   one side only
 * @param maxDrift   the gate
 * @param passed     drift is within the gate
 * @param throughput how fast the aggregates were read and compared
 */
public record DriftReport(String spec, String name, String startedAt, double seconds, StoreFigures legacy,
                          StoreFigures extracted, Aggregates aggregates, Events events, List<ShadowRoute> shadow,
                          long drift, long maxDrift, boolean passed, Throughput throughput) {

    /**
     * One store.
     *
     * @param database           its URL (never a password)
     * @param aggregates         rows of its aggregates query
     * @param digest             SHA-256 over {@code id TAB checksum LF} of every aggregate in id order
     * @param events             rows of its events query (null: not compared)
     * @param uncorrelatedEvents events without a correlation id: not compared (null: not compared)
     */
    public record StoreFigures(String database, long aggregates, String digest, Long events, Long uncorrelatedEvents) {}

    /**
     * The aggregates, merged by id.
     *
     * @param inBoth           ids on both sides
     * @param equal            ids whose canonical states (ignored fields left out) have the same SHA-256
     * @param equalUnderRules  ids whose digests differ but whose states the rules say are equal (array order under
     *                         {@code arraysByKey}, numbers by value, tolerances, expected differences)
     * @param different        ids whose states differ
     * @param onlyInLegacy     ids in the legacy store only
     * @param onlyInExtracted  ids in the extracted store only
     * @param onlyInLegacyIds  the first of them, up to {@code --max-listed}
     * @param onlyInExtractedIds likewise
     * @param differences      the first different aggregates, up to {@code --max-listed}, with their differences
     * @param topPaths         the paths that differ most often (array indices as {@code *}), with an example
     */
    public record Aggregates(long inBoth, long equal, long equalUnderRules, long different, long onlyInLegacy,
                             long onlyInExtracted, List<String> onlyInLegacyIds, List<String> onlyInExtractedIds,
                             List<DifferentAggregate> differences, List<PathCount> topPaths) {

        public long drift() {
            return different + onlyInLegacy + onlyInExtracted;
        }
    }

    /** An aggregate whose states differ: both checksums, and its differences (at most the rules' maxDifferences). */
    public record DifferentAggregate(String id, String legacyChecksum, String extractedChecksum, int differenceCount,
                                     List<Diff> differences) {}

    /** One difference: kind, where (a JSON Pointer), both values as JSON text (null on the side that has none). */
    public record Diff(String kind, String path, String legacy, String extracted) {}

    /** A path that differs, how often, and the first place it did ({@code id}: the aggregate or correlation id). */
    public record PathCount(String path, String kind, long count, String id, String legacy, String extracted) {}

    /**
     * The events, grouped by correlation id.
     *
     * @param legacyCorrelationIds     correlation ids with legacy events
     * @param extractedCorrelationIds  correlation ids with extracted events
     * @param inBoth                   on both sides
     * @param matching                 the same events on both sides (as the event rules see them)
     * @param differing                events of another type, number or content
     * @param onlyInLegacy             correlation ids with legacy events only
     * @param onlyInExtracted          correlation ids with extracted events only
     * @param onlyInLegacyList         the first of them with their events, up to {@code --max-listed}
     * @param onlyInExtractedList      likewise
     * @param differences              the first differing correlation ids with their differences
     * @param topPaths                 the paths that differ most often
     */
    public record Events(long legacyCorrelationIds, long extractedCorrelationIds, long inBoth, long matching,
                         long differing, long onlyInLegacy, long onlyInExtracted, List<OneSided> onlyInLegacyList,
                         List<OneSided> onlyInExtractedList, List<DifferentEvents> differences,
                         List<PathCount> topPaths) {

        public long drift() {
            return differing + onlyInLegacy + onlyInExtracted;
        }
    }

    /** A correlation id's events on one side, each as {@code type aggregateId}. */
    public record OneSided(String correlationId, List<String> events) {}

    /**
     * A correlation id whose events differ: paths are {@code <type>/<pointer>} into {@code {type, aggregateId,
     * payload}}; an event without a partner is MISSING (legacy only) or EXTRA (extracted only) at {@code <type>}.
     */
    public record DifferentEvents(String correlationId, List<Diff> differences) {}

    /** A route's shadow summary as the proxy's admin API gave it ({@code GET /admin/shadow/{route}}). */
    public record ShadowRoute(String route, JsonNode summary) {}

    /** Rows read on both sides, and per second over the aggregate merge. */
    public record Throughput(long rows, double seconds, double rowsPerSecond) {}
}
