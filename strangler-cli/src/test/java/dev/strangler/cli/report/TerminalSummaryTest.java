package dev.strangler.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.replay.ReplayOptions;
import dev.strangler.cli.replay.ReplayResult;
import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TerminalSummaryTest {

    private static final ReplayOptions OPTIONS = Reports.options("c.jsonl", "http://l:1", "http://c:2", 0.5);

    private static String summary(List<ReplayResult> results, LearnedNoise noise) {
        StringWriter out = new StringWriter();
        TerminalSummary.print(ReplayReport.of(OPTIONS, Instant.EPOCH, Instant.EPOCH.plusMillis(2500), results, noise),
                new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aRowPerRouteTheDifferencesAndTheVerdict() {
        LearnedNoise noise = new LearnedNoise();
        noise.record("catalog-read", Set.of("/generatedAt"));
        noise.record("catalog-read", Set.of());
        String out = summary(List.of(
                new ReplayResult(1, "catalog-read", "GET", "/p/1", null, Status.MATCHED, null, List.of(), 0, 3, 2),
                new ReplayResult(2, "catalog-read", "GET", "/p/2", null, Status.MISMATCHED, null,
                        List.of(new Difference(Difference.Kind.CHANGED, "/price", "12.50", "13.00")), 1, 5, 4),
                new ReplayResult(3, "orders", "POST", "/o", "s", Status.SKIPPED, "unsafe request", List.of(), 0, -1, -1)),
                noise);

        assertThat(out).startsWith("Replayed c.jsonl: 3 requests in 2.5 s (legacy http://l:1, candidate http://c:2)");
        assertThat(out).containsPattern("catalog-read +2 +2 +1 +1 +0 +0 +50.0 % +3.0 / 5.0 +2.0 / 4.0");
        assertThat(out).containsPattern("orders +1 +0 +0 +0 +1 +0 +– +– / – +– / –");
        assertThat(out).contains("  differs: catalog-read /price (CHANGED) in 1 requests, e.g. line 2 GET /p/2: 12.50 -> 13.00");
        assertThat(out).contains("  skipped: 1 unsafe request");
        assertThat(out).contains("  learned noise: catalog-read /generatedAt (1 of 2 pairs)");
        assertThat(out).endsWith("Mismatch rate 50.00 % (max 50.00 %): PASSED\n");
    }

    @Test
    void errorsAreListedUpToTenThenCounted() {
        List<ReplayResult> results = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            results.add(new ReplayResult(i, "r", "GET", "/e/" + i, null, Status.ERROR, "candidate: ConnectException",
                    List.of(), 0, -1, -1));
        }

        String out = summary(results, new LearnedNoise());

        assertThat(out).contains("  error: line 10 GET /e/10: candidate: ConnectException")
                .doesNotContain("line 11 GET").contains("  … and 2 more errors")
                .contains("Mismatch rate 100.00 % (max 50.00 %): FAILED");
    }
}
