package dev.strangler.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cli.replay.ReplayOptions;
import dev.strangler.cli.replay.ReplayResult;
import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final ReplayOptions OPTIONS = Reports.options("capture <1>.jsonl", "http://l", "http://c", 0);

    private static String page(List<ReplayResult> results) {
        LearnedNoise noise = new LearnedNoise();
        noise.record("catalog-read", Set.of("/generatedAt"));
        return HtmlReport.render(ReplayReport.of(OPTIONS, Instant.EPOCH, Instant.EPOCH, results, noise));
    }

    @Test
    void everyValueIsEscaped() {
        String page = page(List.of(new ReplayResult(1, "catalog-read", "GET", "/q?a=<script>", null, Status.MISMATCHED,
                null, List.of(new Difference(Difference.Kind.CHANGED, "/name", "\"<i>x</i>\"", "\"&amp;\"")), 1, 2, 3)));

        assertThat(page).doesNotContain("<script>").doesNotContain("<i>x</i>")
                .contains("/q?a&#61;&lt;script&gt;").contains("&lt;i&gt;x&lt;/i&gt;").contains("&amp;amp;")
                .contains("capture &lt;1&gt;.jsonl");
    }

    @Test
    void aCleanRunShowsTheRouteTableLearnedNoiseAndNoEmptyTables() {
        String page = page(List.of(new ReplayResult(1, "catalog-read", "GET", "/p/1", null, Status.MATCHED, null,
                List.of(), 0, 2, 3)));

        assertThat(page).contains("<span class=\"verdict ok\" id=\"verdict\">PASSED</span>")
                .contains("<tr class=\"route ok\" data-route=\"catalog-read\">")
                .contains("<code>/generatedAt</code>")
                .doesNotContain("<th>reason</th>").doesNotContain("<th>side and error</th>")
                .doesNotContain("path, kind, legacy, candidate")
                .doesNotContain("more in the JSON result");
    }

    @Test
    void skippedErrorsAndMismatchesGetTheirTables() {
        String page = page(List.of(
                new ReplayResult(1, "orders", "POST", "/o", null, Status.SKIPPED, "unsafe", List.of(), 0, -1, -1),
                new ReplayResult(2, "orders", "GET", "/o/1", null, Status.ERROR, "candidate: down", List.of(), 0, -1, -1),
                new ReplayResult(3, "orders", "GET", "/o/2", null, Status.MISMATCHED, null,
                        List.of(new Difference(Difference.Kind.STATUS, "status", "200", "500")), 1, 1, 1)));

        assertThat(page).contains("<th>reason</th>").contains("<th>side and error</th>")
                .contains("path, kind, legacy, candidate").contains("candidate: down")
                .contains("<span class=\"verdict bad\" id=\"verdict\">FAILED</span>");
    }
}
