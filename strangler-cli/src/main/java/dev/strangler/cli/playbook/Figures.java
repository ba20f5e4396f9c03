package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Adds the admin API's per-route figures up into one {@link GateNumbers}: counts summed, rates recomputed from the
 * sums, the p99 delta the worst route's (quantiles can't be added up).
 */
final class Figures {

    private Figures() {}

    /** From shadow summaries ({@code compared}, {@code matched}, {@code mismatched}, per side {@code errors}, {@code p99Ms}). */
    static GateNumbers fromShadow(Map<String, JsonNode> summaries) {
        long compared = 0;
        long judged = 0;
        long mismatched = 0;
        long legacyErrors = 0;
        long candidateErrors = 0;
        Double p99 = null;
        for (JsonNode s : summaries.values()) {
            compared += s.path("compared").asLong();
            judged += s.path("matched").asLong() + s.path("mismatched").asLong();
            mismatched += s.path("mismatched").asLong();
            legacyErrors += s.path("legacy").path("errors").asLong();
            candidateErrors += s.path("candidate").path("errors").asLong();
            p99 = worst(p99, delta(s.path("candidate").path("p99Ms"), s.path("legacy").path("p99Ms")));
        }
        Double errorDelta = compared == 0 ? null : (double) (candidateErrors - legacyErrors) / compared;
        return new GateNumbers(GateNumbers.SHADOW, compared, judged == 0 ? null : (double) mismatched / judged, errorDelta,
                p99, summaries);
    }

    /**
     * From route traffic ({@code legacy} and {@code extracted}: {@code requests}, {@code errors}, {@code p99Ms}); where
     * legacy served nothing, its {@code baseline} figures (the latest it had in this run) stand in for it, else an
     * error rate of 0 and no p99.
     */
    static GateNumbers fromTraffic(Map<String, JsonNode> traffic, boolean legacyStep, Map<String, JsonNode> baseline) {
        long extractedRequests = 0;
        long extractedErrors = 0;
        long legacyRequests = 0;
        long legacyErrors = 0;
        Double p99 = null;
        for (Map.Entry<String, JsonNode> e : traffic.entrySet()) {
            JsonNode extracted = e.getValue().path("extracted");
            JsonNode legacy = e.getValue().path("legacy");
            if (legacy.path("requests").asLong() == 0 && baseline.containsKey(e.getKey())) {
                legacy = baseline.get(e.getKey());
            }
            extractedRequests += extracted.path("requests").asLong();
            extractedErrors += extracted.path("errors").asLong();
            legacyRequests += legacy.path("requests").asLong();
            legacyErrors += legacy.path("errors").asLong();
            p99 = worst(p99, delta(extracted.path("p99Ms"), legacy.path("p99Ms")));
        }
        Double errorDelta = extractedRequests == 0 ? null
                : (double) extractedErrors / extractedRequests - (legacyRequests == 0 ? 0 : (double) legacyErrors / legacyRequests);
        return new GateNumbers(GateNumbers.TRAFFIC, legacyStep ? legacyRequests : extractedRequests, null, errorDelta, p99, traffic);
    }

    private static Double delta(JsonNode newer, JsonNode legacy) {
        return newer.isNumber() && legacy.isNumber() ? newer.asDouble() - legacy.asDouble() : null;
    }

    private static Double worst(Double a, Double b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.max(a, b);
    }
}
