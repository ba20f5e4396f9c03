package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.Step;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a step's gate figures from the admin API ({@code GET /admin/shadow/ROUTE} in a shadow step, else
 * {@code GET /admin/traffic/ROUTE}) and resets them when a step starts, so a gate reads only its own step. Keeps the
 * legacy side's latest figures per route as the baseline for steps where legacy serves nothing (extracted, retired).
 */
final class GateReader {

    private final AdminClient admin;
    private final List<String> routes;
    private final Map<String, JsonNode> legacyBaseline = new HashMap<>();

    GateReader(AdminClient admin, Playbook playbook) {
        this.admin = admin;
        this.routes = playbook.routes();
    }

    /** Counts from now: the shadow summaries and the traffic of every route ({@code DELETE}, audit-logged by the proxy). */
    void reset() {
        for (String route : routes) {
            admin.delete("/admin/shadow/" + AdminClient.segment(route));
            admin.delete("/admin/traffic/" + AdminClient.segment(route));
        }
    }

    GateNumbers read(Step step) {
        Map<String, JsonNode> figures = new LinkedHashMap<>();
        boolean shadow = step.target() == Step.Target.SHADOW;
        for (String route : routes) {
            figures.put(route, admin.get((shadow ? "/admin/shadow/" : "/admin/traffic/") + AdminClient.segment(route)));
        }
        if (shadow) {
            return Figures.fromShadow(figures);
        }
        figures.forEach((route, traffic) -> {
            if (traffic.path("legacy").path("requests").asLong() > 0) {
                legacyBaseline.put(route, traffic.path("legacy"));
            }
        });
        return Figures.fromTraffic(figures, step.target() == Step.Target.LEGACY, Map.copyOf(legacyBaseline));
    }
}
