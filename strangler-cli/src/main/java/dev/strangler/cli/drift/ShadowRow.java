package dev.strangler.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;

/** A route's shadow summary as the summary and the HTML report show it: figures as text, "–" where absent. */
record ShadowRow(String route, String since, String compared, String matched, String mismatched, String skipped,
                 String matchRate, String legacyErrors, String candidateErrors, String legacyP99, String candidateP99,
                 List<String> topPaths, boolean clean) {

    static ShadowRow of(DriftReport.ShadowRoute route) {
        JsonNode s = route.summary();
        List<String> paths = StreamSupport.stream(s.path("topPaths").spliterator(), false)
                .map(p -> p.path("path").asText() + " (" + p.path("count").asText() + ")").toList();
        boolean clean = s.path("mismatched").asLong(0) == 0 && s.path("legacy").path("errors").asLong(0) == 0
                && s.path("candidate").path("errors").asLong(0) == 0;
        return new ShadowRow(route.route(), text(s.path("since")), text(s.path("compared")), text(s.path("matched")),
                text(s.path("mismatched")), text(s.path("skipped")), percent(s.path("matchRate")),
                text(s.path("legacy").path("errors")), text(s.path("candidate").path("errors")),
                millis(s.path("legacy").path("p99Ms")), millis(s.path("candidate").path("p99Ms")), paths, clean);
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "–" : value.asText();
    }

    private static String percent(JsonNode rate) {
        return rate.isNumber() ? String.format(Locale.ROOT, "%.1f %%", rate.asDouble() * 100) : "–";
    }

    private static String millis(JsonNode ms) {
        return ms.isNumber() ? String.format(Locale.ROOT, "%.1f ms", ms.asDouble()) : "–";
    }
}
