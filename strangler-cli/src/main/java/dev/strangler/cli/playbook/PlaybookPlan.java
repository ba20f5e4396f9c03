package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.strangler.playbook.Gate;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A playbook's steps as people read them, and how they meet the proxy's route table. */
final class PlaybookPlan {

    private PlaybookPlan() {}

    /** The playbook's routes the table ({@code GET /admin/routes}'s answer) lacks, in the playbook's order. */
    static List<String> missingRoutes(Playbook playbook, JsonNode routesAnswer) {
        JsonNode table = routesAnswer.path("table").path("routes");
        return playbook.routes().stream().filter(id -> route(table, id).isMissingNode()).toList();
    }

    /** The route {@code id} of a table's {@code routes} array, or a missing node. */
    static JsonNode route(JsonNode routes, String id) {
        for (JsonNode route : routes) {
            if (id.equals(route.path("id").asText())) {
                return route;
            }
        }
        return MissingNode.getInstance();
    }

    /** What a step does, e.g. {@code catalog-api -> canary catalog-service 5%}. */
    static String describe(Playbook playbook, Step step) {
        String routes = String.join(", ", playbook.routes());
        return switch (step.target()) {
            case LEGACY -> routes + " -> legacy";
            case SHADOW -> routes + " -> shadow to " + playbook.service()
                    + (step.shadow() != null && step.shadow().percent() != null ? " " + step.shadow().percent() + "%" : "")
                    + (step.shadow() != null && Boolean.TRUE.equals(step.shadow().sandbox()) ? " (sandboxed writes)" : "");
            case CANARY -> routes + " -> canary " + playbook.service() + " " + step.percent() + "%";
            case EXTRACTED -> routes + " -> extracted " + playbook.service();
            case RETIRED -> routes + " -> extracted " + playbook.service() + "; retired: the monolith's code for "
                    + playbook.subdomain() + " may be removed";
        };
    }

    /** The gate's limits as one line, e.g. {@code minComparedRequests 500, maxErrorRateDelta 0.10%}; "no limits" when none. */
    static String gate(Gate gate) {
        List<String> limits = new ArrayList<>();
        if (gate.minComparedRequests() != null) {
            limits.add("minComparedRequests " + gate.minComparedRequests());
        }
        if (gate.maxMismatchRate() != null) {
            limits.add("maxMismatchRate " + GateText.value("maxMismatchRate", gate.maxMismatchRate()));
        }
        if (gate.maxErrorRateDelta() != null) {
            limits.add("maxErrorRateDelta " + GateText.value("maxErrorRateDelta", gate.maxErrorRateDelta()));
        }
        if (gate.maxP99DeltaMillis() != null) {
            limits.add("maxP99DeltaMillis " + gate.maxP99DeltaMillis() + "ms");
        }
        if (Boolean.TRUE.equals(gate.requirePassingReplay())) {
            limits.add("requirePassingReplay");
        }
        if (gate.maxDrift() != null) {
            limits.add("maxDrift " + gate.maxDrift());
        }
        return limits.isEmpty() ? "no limits" : String.join(", ", limits);
    }

    /** One line per step: what it does, its soak, its gate and its approval. */
    static List<String> lines(Playbook playbook) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < playbook.steps().size(); i++) {
            Step step = playbook.steps().get(i);
            lines.add(String.format(Locale.ROOT, "%d. %-16s %s | soak %s | gate: %s | %s", i + 1, step.id(),
                    describe(playbook, step), RunProgress.duration(step.soak()), gate(step.gate()),
                    step.approval().name().toLowerCase(Locale.ROOT)));
        }
        return lines;
    }
}
