package dev.strangler.cli.replay;

import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Comparison;
import dev.strangler.compare.LearnedNoise;
import java.util.List;

/**
 * Noise learned anywhere on a route is noise on every request of it: a timestamp with second precision is equal
 * in most of legacy's pairs of answers (sent milliseconds apart) but not in the candidate's, so one request's own
 * pair can't tell. After the replay, a JSON path where legacy differed from itself in at least {@code minPairs}
 * requests of the route is dropped from that route's mismatches; a line left with no difference is a match.
 */
final class RouteNoise {

    private RouteNoise() {}

    static List<ReplayResult> apply(List<ReplayResult> results, LearnedNoise noise, long minPairs) {
        if (minPairs < 1) {
            return results;
        }
        return results.stream()
                .map(result -> result.status() == Status.MISMATCHED ? withoutLearned(result, noise, minPairs) : result)
                .toList();
    }

    /** The route's learned noise taken out of a mismatch, by the same rule the proxy's shadow mode uses. */
    private static ReplayResult withoutLearned(ReplayResult result, LearnedNoise noise, long minPairs) {
        Comparison before = new Comparison(Comparison.Outcome.MISMATCH, result.differences(), result.mismatchCount(),
                List.of(), 0, null);
        Comparison after = noise.filter(result.route(), before, minPairs);
        if (after == before) {
            return result;
        }
        Status status = after.matches() ? Status.MATCHED : Status.MISMATCHED;
        String reason = status == Status.MATCHED ? ReplayResult.MATCHED_BY_ROUTE_NOISE : result.reason();
        return new ReplayResult(result.line(), result.route(), result.method(), result.uri(), result.session(), status,
                reason, after.mismatches(), after.mismatchCount(), result.legacyMs(), result.candidateMs());
    }
}
