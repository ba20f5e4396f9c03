package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a browser reads it: Debian's chromium, headless, dumping the DOM it built. */
class HtmlReportChromiumIT {

    @TempDir
    Path dir;

    static Path chromium() {
        return HeadlessChromium.find();
    }

    /** The DOM headless chromium built from the page. */
    static Processes.Ended dumpDom(Path chromium, Path dir, Path html) {
        return Processes.run(dir, List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", html.toUri().toString()), Map.of(), 90);
    }

    @Test
    void theReportOpensInHeadlessChromiumAndShowsThePerRouteTable() throws Exception {
        Path chromium = chromium();
        Captures captures = new Captures();
        for (int i = 1; i <= 10; i++) {
            captures.get("catalog-read", "/api/products/" + i);
        }
        captures.get("search", "/api/search?q=%3Cscript%3E");
        captures.add("orders", "s-1", "unsafe", "POST", "/api/orders", Map.of(), "{}", false);
        Path capture = captures.write(dir.resolve("capture.jsonl"));
        Path html = dir.resolve("report.html");
        try (Backend legacy = new Backend(r -> Backend.Answer.json("{\"price\":12.50,\"uri\":\"" + r.uri() + "\"}"));
             Backend candidate = new Backend(r -> Backend.Answer.json("{\"price\":"
                     + (r.uri().endsWith("/3") ? "\"<b>12.5</b>\"" : "12.50") + ",\"uri\":\"" + r.uri() + "\"}"))) {
            Cli.Run run = Cli.run("replay", "--capture", capture.toString(), "--legacy", legacy.url(), "--candidate",
                    candidate.url(), "--html", html.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCodes.MISMATCH);
        }

        Processes.Ended dump = dumpDom(chromium, dir, html);

        assertThat(dump.exitCode()).as(dump.err()).isZero();
        String dom = dump.out();
        assertThat(dom).contains("<table id=\"routes\">");
        assertThat(dom).containsPattern("<tr class=\"route bad\" data-route=\"catalog-read\"><td><code>catalog-read</code></td>"
                + "<td class=\"n\">10</td>\\s*<td class=\"n\">10</td><td class=\"n\">9</td><td class=\"n\">1</td>\\s*"
                + "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">90.0 %</td></tr>");
        assertThat(dom).contains("data-route=\"search\"").contains("data-route=\"orders\"");
        assertThat(dom).contains("unsafe request (replayed only with --allow-writes)");
        // Values from the backends are text, never markup.
        assertThat(dom).contains("&lt;b&gt;12.5&lt;/b&gt;").doesNotContain("<b>12.5</b>");
        // Self-contained: nothing loaded from elsewhere.
        assertThat(Files.readString(html)).doesNotContain("<script").doesNotContain("<link").doesNotContain("url(");
    }
}
