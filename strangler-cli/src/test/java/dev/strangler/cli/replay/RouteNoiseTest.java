package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Difference;
import dev.strangler.compare.Difference.Kind;
import dev.strangler.compare.LearnedNoise;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteNoiseTest {

    private static ReplayResult mismatch(String route, int count, Difference... differences) {
        return new ReplayResult(1, route, "GET", "/x", null, Status.MISMATCHED, null, List.of(differences), count, 1, 1);
    }

    private static LearnedNoise noise(String route, int pairs, Set<String> paths) {
        LearnedNoise noise = new LearnedNoise();
        for (int i = 0; i < pairs; i++) {
            noise.record(route, paths);
        }
        return noise;
    }

    private static final Difference STAMP = new Difference(Kind.CHANGED, "/items/3/updatedAt", "\"a\"", "\"b\"");
    private static final Difference PRICE = new Difference(Kind.CHANGED, "/items/3/price", "1", "2");

    @Test
    void aMismatchOnlyAtLearnedNoiseBecomesAMatchWithItsReason() {
        List<ReplayResult> out = RouteNoise.apply(List.of(mismatch("a", 1, STAMP)),
                noise("a", 1, Set.of("/items/0/updatedAt")), 1);

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.MATCHED);
            assertThat(r.reason()).isEqualTo(ReplayResult.MATCHED_BY_ROUTE_NOISE);
            assertThat(r.differences()).isEmpty();
            assertThat(r.mismatchCount()).isZero();
        });
    }

    @Test
    void otherDifferencesStayAndAreCountedWithoutTheNoise() {
        List<ReplayResult> out = RouteNoise.apply(List.of(mismatch("a", 2, STAMP, PRICE)),
                noise("a", 1, Set.of("/items/0/updatedAt")), 1);

        assertThat(out.getFirst().status()).isEqualTo(Status.MISMATCHED);
        assertThat(out.getFirst().differences()).containsExactly(PRICE);
        assertThat(out.getFirst().mismatchCount()).isEqualTo(1);
    }

    @Test
    void differencesLeftUnlistedKeepALineAMismatch() {
        // Three differences found, one listed: the other two may be anything.
        List<ReplayResult> out = RouteNoise.apply(List.of(mismatch("a", 3, STAMP)),
                noise("a", 1, Set.of("/items/0/updatedAt")), 1);

        assertThat(out.getFirst().status()).isEqualTo(Status.MISMATCHED);
        assertThat(out.getFirst().mismatchCount()).isEqualTo(2);
    }

    @Test
    void noiseOfAnotherRouteOrSeenTooRarelyChangesNothing() {
        List<ReplayResult> results = List.of(mismatch("a", 1, STAMP));

        assertThat(RouteNoise.apply(results, noise("b", 5, Set.of("/items/0/updatedAt")), 1)).isEqualTo(results);
        assertThat(RouteNoise.apply(results, noise("a", 2, Set.of("/items/0/updatedAt")), 3)).isEqualTo(results);
        assertThat(RouteNoise.apply(results, noise("a", 2, Set.of("/items/0/updatedAt")), 0)).isEqualTo(results);
    }

    @Test
    void statusAndHeaderDifferencesAreNeverRouteNoise() {
        Difference status = new Difference(Kind.STATUS, "status", "200", "500");
        List<ReplayResult> out = RouteNoise.apply(List.of(mismatch("a", 1, status)), noise("a", 1, Set.of("status")), 1);

        assertThat(out.getFirst().status()).isEqualTo(Status.MISMATCHED);
    }
}
