package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The figures a step's gate reads, over every route of the playbook: from the shadow summaries in a shadow step
 * (comparisons), else from the route traffic per side.
 *
 * @param source         {@code shadow} or {@code traffic}
 * @param sample         comparisons (shadow), requests the extracted side served (canary, extracted, retired), or
 *                       requests legacy served (legacy)
 * @param mismatchRate   mismatched over matched and mismatched; null without comparisons (and in every traffic step)
 * @param errorRateDelta extracted (candidate) minus legacy error rate; null before either side has figures
 * @param p99DeltaMillis the largest extracted (candidate) minus legacy p99 over the routes; null without both sides
 * @param routes         each route's figures as the admin API gave them, for the journal
 */
record GateNumbers(String source, long sample, Double mismatchRate, Double errorRateDelta, Double p99DeltaMillis,
                   Map<String, JsonNode> routes) {

    static final String SHADOW = "shadow";
    static final String TRAFFIC = "traffic";

    private static final ObjectMapper JSON = new ObjectMapper();

    GateNumbers {
        routes = Map.copyOf(routes);
    }

    /** Whether this reading holds comparisons at all, so that a mismatch rate can be asked of it. */
    boolean compares() {
        return SHADOW.equals(source);
    }

    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("source", source).put("sample", sample);
        json.put("mismatchRate", mismatchRate).put("errorRateDelta", errorRateDelta).put("p99DeltaMs", p99DeltaMillis);
        ObjectNode perRoute = json.putObject("routes");
        routes.keySet().stream().sorted().forEach(route -> perRoute.set(route, routes.get(route)));
        return json;
    }
}
