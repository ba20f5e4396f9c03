package dev.strangler.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.compare.CompareRules;
import dev.strangler.compare.Comparison;
import dev.strangler.compare.JsonDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the two sides' aggregates by id as they stream (both ordered by {@link KeyOrder}): an id on one side
 * only is missing from the other; an id on both is compared by the digest of its canonical state and, when the
 * digests differ, field by field with strangler-compare. Memory stays bounded by what is listed.
 */
final class AggregateDrift {

    private final JsonDocuments documents;
    private final DriftFindings.Aggregates findings;
    private final DriftProgress progress;
    private final ChecksumFile checksums;

    AggregateDrift(CompareRules rules, int maxListed, DriftProgress progress, ChecksumFile checksums) {
        this.documents = new JsonDocuments(rules);
        this.findings = new DriftFindings.Aggregates(maxListed);
        this.progress = progress;
        this.checksums = checksums;
    }

    DriftFindings.Aggregates run(Rows<Store.AggregateRow> legacy, Rows<Store.AggregateRow> extracted, KeyOrder order) {
        Side left = new Side("legacy", legacy, order);
        Side right = new Side("extracted", extracted, order);
        while (left.current != null || right.current != null) {
            int c = left.current == null ? 1 : right.current == null ? -1 : order.compare(left.id(), right.id());
            if (c < 0) {
                findings.onlyInLegacy(left.id(), left.checksum);
                checksums.write(left.id(), left.checksum, null, ChecksumFile.Verdict.ONLY_IN_LEGACY);
                left.advance();
            } else if (c > 0) {
                findings.onlyInExtracted(right.id(), right.checksum);
                checksums.write(right.id(), null, right.checksum, ChecksumFile.Verdict.ONLY_IN_EXTRACTED);
                right.advance();
            } else {
                compare(left, right);
                left.advance();
                right.advance();
            }
            progress.aggregates(legacy.count(), extracted.count());
        }
        findings.digests(left.digest.hex(), right.digest.hex(), legacy.count(), extracted.count());
        return findings;
    }

    private void compare(Side left, Side right) {
        ChecksumFile.Verdict verdict;
        if (left.checksum.equals(right.checksum)) {
            findings.equal(left.id());
            verdict = ChecksumFile.Verdict.EQUAL;
        } else {
            Comparison comparison = documents.compare(left.state, right.state);
            if (comparison.outcome() == Comparison.Outcome.MISMATCH) {
                findings.different(left.id(), left.checksum, right.checksum, comparison);
                verdict = ChecksumFile.Verdict.DIFFERENT;
            } else {
                // e.g. lines in another order under arraysByKey, or 1.0 against 1 under numbers.byValue
                findings.equalUnderRules(left.id());
                verdict = ChecksumFile.Verdict.EQUAL_UNDER_RULES;
            }
        }
        checksums.write(left.id(), left.checksum, right.checksum, verdict);
    }

    /** One side's cursor, its current row parsed and digested, and the digest of the whole side so far. */
    private final class Side {
        final String name;
        final Rows<Store.AggregateRow> rows;
        final KeyOrder order;
        final StoreDigest digest = new StoreDigest();
        Store.AggregateRow current;
        JsonNode state;
        String checksum;

        Side(String name, Rows<Store.AggregateRow> rows, KeyOrder order) {
            this.name = name;
            this.rows = rows;
            this.order = order;
            advance();
        }

        String id() {
            return current.id();
        }

        void advance() {
            Store.AggregateRow previous = current;
            current = rows.next();
            if (current == null) {
                return;
            }
            if (current.id() == null) {
                throw spec("a row has no id");
            }
            if (previous != null) {
                int c = order.compare(previous.id(), current.id());
                if (c == 0) {
                    throw spec("id " + current.id() + " comes twice: the query must return one row per aggregate");
                }
                if (c > 0) {
                    throw spec("ids came out of order (" + current.id() + " after " + previous.id() + ")");
                }
            }
            try {
                state = current.state() == null ? JsonDocuments.parse("null") : JsonDocuments.parse(current.state());
            } catch (IOException e) {
                throw spec("the state of id " + current.id() + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            checksum = documents.sha256(state);
            digest.add(current.id(), checksum);
        }

        private CliFailure spec(String problem) {
            return new CliFailure(ExitCodes.USAGE, name + ".aggregates: " + problem);
        }
    }
}
