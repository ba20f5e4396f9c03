package dev.strangler.cli.replay;

import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import dev.strangler.compare.PointerPattern;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, List<PointerPattern>> byRoute = new HashMap<>();
        return results.stream().map(result -> {
            if (result.status() != Status.MISMATCHED) {
                return result;
            }
            List<PointerPattern> learned = byRoute.computeIfAbsent(result.route(), r -> noise.patterns(r, minPairs));
            return withoutLearned(result, learned);
        }).toList();
    }

    private static ReplayResult withoutLearned(ReplayResult result, List<PointerPattern> learned) {
        List<Difference> left = result.differences().stream()
                .filter(d -> !d.path().startsWith("/") || learned.stream().noneMatch(p -> p.matches(d.path())))
                .toList();
        int dropped = result.differences().size() - left.size();
        if (dropped == 0) {
            return result;
        }
        int count = result.mismatchCount() - dropped;
        Status status = left.isEmpty() && count == 0 ? Status.MATCHED : Status.MISMATCHED;
        String reason = status == Status.MATCHED ? ReplayResult.MATCHED_BY_ROUTE_NOISE : result.reason();
        return new ReplayResult(result.line(), result.route(), result.method(), result.uri(), result.session(), status,
                reason, left, count, result.legacyMs(), result.candidateMs());
    }
}
