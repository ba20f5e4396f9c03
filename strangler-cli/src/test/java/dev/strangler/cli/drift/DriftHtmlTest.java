package dev.strangler.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftHtmlTest {

    private static final DriftReport.StoreFigures LEGACY =
            new DriftReport.StoreFigures("postgresql://acme@db:5432/acme", 3, "a".repeat(64), 2L, 0L);
    private static final DriftReport.StoreFigures EXTRACTED =
            new DriftReport.StoreFigures("postgresql://acme@db:5432/acme", 3, "a".repeat(64), 2L, 1L);

    private static DriftReport report(DriftReport.Aggregates aggregates, DriftReport.Events events,
                                      List<DriftReport.ShadowRoute> shadow, long drift) {
        return new DriftReport("orders <1>.yaml", "orders", "2026-11-29T06:00:00Z", 1.5, LEGACY, EXTRACTED, aggregates,
                events, shadow, drift, 0, drift == 0, new DriftReport.Throughput(6, 0.5, 12));
    }

    private static DriftReport.Aggregates clean() {
        return new DriftReport.Aggregates(3, 3, 0, 0, 0, 0, List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void aCleanReportSaysPassedAndListsNothing() {
        String page = DriftHtml.render(report(clean(), null, List.of(), 0));

        assertThat(page).contains("<span class=\"verdict ok\" id=\"verdict\">PASSED</span>")
                .contains("<tr class=\"store\" data-side=\"legacy\"><td>legacy</td><td class=\"n\">3</td>")
                .contains("Not compared: the spec has no events queries.")
                .contains("None asked for (--proxy-admin URL --route ID).")
                .doesNotContain("<th>id</th>").doesNotContain("in all.");
    }

    @Test
    void everyValueFromTheStoresIsEscaped() {
        DriftReport.Diff diff = new DriftReport.Diff("CHANGED", "/lines/0/productName", "\"<b>Mug</b>\"", "\"Mug\"");
        DriftReport.Aggregates aggregates = new DriftReport.Aggregates(1, 0, 0, 1, 2, 0, List.of("<script>"),
                List.of(), List.of(new DriftReport.DifferentAggregate("7", "b".repeat(64), "c".repeat(64), 1,
                        List.of(diff))), List.of(new DriftReport.PathCount("/lines/*/productName", "CHANGED", 1, "7",
                        diff.legacy(), diff.extracted())));

        String page = DriftHtml.render(report(aggregates, null, List.of(), 3));

        assertThat(page).doesNotContain("<script>").doesNotContain("<b>Mug</b>")
                .contains("&lt;script&gt;").contains("&lt;b&gt;Mug&lt;/b&gt;").contains("orders &lt;1&gt;.yaml")
                .contains("<tr class=\"aggregate\" data-id=\"7\">")
                .contains("… 2 in all.")
                .contains("<span class=\"verdict bad\" id=\"verdict\">FAILED</span>");
    }

    @Test
    void eventsAndShadowSummariesGetTheirTables() throws Exception {
        DriftReport.Events events = new DriftReport.Events(2, 2, 1, 0, 1, 1, 1,
                List.of(new DriftReport.OneSided("req-3", List.of("OrderPlaced 3"))),
                List.of(new DriftReport.OneSided("req-4", List.of("OrderPlaced 4"))),
                List.of(new DriftReport.DifferentEvents("req-2", List.of(
                        new DriftReport.Diff("CHANGED", "OrderPlaced/payload/total", "5.00", "5.50")))),
                List.of());
        DriftReport.ShadowRoute shadow = new DriftReport.ShadowRoute("checkout", new ObjectMapper().readTree(
                "{\"compared\":10,\"matched\":10,\"mismatched\":0,\"matchRate\":1.0,\"legacy\":{\"errors\":0},"
                        + "\"candidate\":{\"errors\":0}}"));

        String page = DriftHtml.render(report(clean(), events, List.of(shadow), 3));

        assertThat(page).contains("<tr class=\"one-sided\" data-side=\"legacy\"><td>legacy only</td><td class=\"mono\">req-3</td>")
                .contains("<tr class=\"one-sided\" data-side=\"extracted\"><td>extracted only</td><td class=\"mono\">req-4</td>")
                .contains("<tr class=\"correlation\" data-correlation-id=\"req-2\">")
                .contains("<code>OrderPlaced/payload/total</code>")
                .contains("<tr class=\"shadow ok\" data-route=\"checkout\">")
                .contains("<td class=\"n\">100.0 %</td>");
    }
}
