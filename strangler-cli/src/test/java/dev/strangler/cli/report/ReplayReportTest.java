package dev.strangler.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.replay.ReplayOptions;
import dev.strangler.cli.replay.ReplayResult;
import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayReportTest {

    private static final ReplayOptions OPTIONS = Reports.options("c.jsonl", "http://l", "http://c", 0.1);

    private static ReplayResult result(int line, String route, Status status, List<Difference> differences,
                                       double legacyMs) {
        return new ReplayResult(line, route, "GET", "/items/" + line, null, status,
                status == Status.SKIPPED ? "unsafe" : status == Status.ERROR ? "candidate: down" : null, differences,
                differences.size(), legacyMs, legacyMs * 2);
    }

    private static ReplayReport report(List<ReplayResult> results) {
        return ReplayReport.of(OPTIONS, Instant.EPOCH, Instant.EPOCH.plusMillis(1500), results, new LearnedNoise());
    }

    @Test
    void errorsCountAgainstTheCandidateAndSkippedLinesDoNot() {
        List<ReplayResult> results = new ArrayList<>();
        IntStream.rangeClosed(1, 7).forEach(i -> results.add(result(i, "a", Status.MATCHED, List.of(), i)));
        results.add(result(8, "a", Status.MISMATCHED,
                List.of(new Difference(Difference.Kind.CHANGED, "/price", "1", "2")), 8));
        results.add(result(9, "b", Status.ERROR, List.of(), -1));
        results.add(result(10, "b", Status.SKIPPED, List.of(), -1));

        ReplayReport report = report(results);

        assertThat(report.totals()).isEqualTo(new ReplayReport.Totals(10, 8, 7, 1, 1, 1));
        assertThat(report.mismatchRate()).isEqualTo(2.0 / 9);
        assertThat(report.passed()).isFalse();
        assertThat(report.seconds()).isEqualTo(1.5);
        assertThat(report.routes()).extracting(ReplayReport.RouteReport::route).containsExactly("a", "b");
        assertThat(report.routes().getFirst().totals().matchPercent()).isEqualTo(87.5);
        assertThat(report.routes().get(1).totals().matchPercent()).isNull();
        assertThat(report.skipped()).containsExactly(new ReplayReport.Count("unsafe", 1));
    }

    @Test
    void nothingSentPassesWithARateOfZero() {
        ReplayReport report = report(List.of(result(1, "a", Status.SKIPPED, List.of(), -1)));

        assertThat(report.mismatchRate()).isZero();
        assertThat(report.passed()).isTrue();
    }

    @Test
    void latencyPercentilesAreNearestRankOverTheLinesSent() {
        List<ReplayResult> results = new ArrayList<>();
        IntStream.rangeClosed(1, 100).forEach(i -> results.add(result(i, "a", Status.MATCHED, List.of(), i)));
        results.add(result(101, "a", Status.SKIPPED, List.of(), -1));

        ReplayReport.RouteReport route = report(results).routes().getFirst();

        assertThat(route.legacy()).isEqualTo(new ReplayReport.Latency(100, 50.0, 99.0));
        assertThat(route.candidate()).isEqualTo(new ReplayReport.Latency(100, 100.0, 198.0));
    }

    @Test
    void differingPathsGroupArrayIndicesAndKeepExamples() {
        List<ReplayResult> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(result(i, "a", Status.MISMATCHED, List.of(
                    new Difference(Difference.Kind.CHANGED, "/items/" + i + "/stock", "3", "5"),
                    new Difference(Difference.Kind.EXTRA, "/recentlyViewed", null, "[]")), 1));
        }
        results.add(result(6, "a", Status.MISMATCHED, List.of(new Difference(Difference.Kind.STATUS, "status", "200", "500")), 1));

        List<ReplayReport.DifferingPath> paths = report(results).routes().getFirst().differingPaths();

        assertThat(paths).extracting(ReplayReport.DifferingPath::path, ReplayReport.DifferingPath::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/items/*/stock", 5L),
                        org.assertj.core.groups.Tuple.tuple("/recentlyViewed", 5L),
                        org.assertj.core.groups.Tuple.tuple("status", 1L));
        assertThat(paths.getFirst().examples()).hasSize(ReplayReport.EXAMPLES_PER_PATH).first()
                .isEqualTo(new ReplayReport.Example(1, "GET", "/items/1", "/items/1/stock", "3", "5"));
    }
}
