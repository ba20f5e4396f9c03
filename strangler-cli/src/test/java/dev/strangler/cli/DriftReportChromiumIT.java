package dev.strangler.cli;

import static dev.strangler.cli.OrderStores.LEGACY;
import static dev.strangler.cli.OrderStores.SERVICE;
import static dev.strangler.cli.OrderStores.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The drift report as a browser reads it, like the replay report's ({@link HtmlReportChromiumIT}). */
@ExtendWith(PostgresExtension.class)
class DriftReportChromiumIT {

    @TempDir
    Path dir;

    @Test
    void theDriftReportOpensInHeadlessChromiumAndShowsTheStoresAndTheDrift(PostgresDatabase db) throws Exception {
        Path chromium = HtmlReportChromiumIT.chromium();
        OrderStores stores = new OrderStores(db);
        stores.create();
        stores.order(LEGACY, 1, line("ACME-00001", "12.50", 2));
        stores.order(LEGACY, 2, new OrderStores.Line("ACME-00002", "<b>Mug</b>", "4.00", 1));
        stores.order(SERVICE, 2, new OrderStores.Line("ACME-00002", "Mug", "4.00", 1));
        Path html = dir.resolve("drift.html");

        Cli.Run run = Cli.run("drift", "check", "--spec", DriftCheckIT.ORDERS_SPEC.toString(), "--legacy-database",
                stores.url(), "--extracted-database", stores.url(), "--html", html.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);

        Processes.Ended dump = HtmlReportChromiumIT.dumpDom(chromium, dir, html);

        assertThat(dump.exitCode()).as(dump.err()).isZero();
        String dom = dump.out();
        assertThat(dom).contains("<span class=\"verdict bad\" id=\"verdict\">FAILED</span>")
                .containsPattern("<tr class=\"store\" data-side=\"legacy\"><td>legacy</td><td class=\"n\">2</td>")
                .containsPattern("<tr class=\"store\" data-side=\"extracted\"><td>extracted</td><td class=\"n\">1</td>")
                .contains("<span class=\"id\">1</span>")
                .contains("<tr class=\"aggregate\" data-id=\"2\">")
                .contains("<code>/lines/0/productName</code>");
        // Values from the stores are text, never markup.
        assertThat(dom).contains("&lt;b&gt;Mug&lt;/b&gt;").doesNotContain("<b>Mug</b>");
        assertThat(Files.readString(html)).doesNotContain("<script").doesNotContain("<link").doesNotContain("url(");
    }
}
