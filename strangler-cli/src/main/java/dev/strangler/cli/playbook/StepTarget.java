package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.Step;
import dev.strangler.playbook.StepShadow;

/**
 * The flip a step asks of one route, as {@code POST /admin/routes/ID/flip} takes it: {@code legacy}; a shadow with the
 * playbook's service as candidate (and the step's shadow block for the routes it sandboxes); a canary of the service
 * at the step's percent, keeping the route's cohort when it already is a canary; or the service extracted
 * ({@code retired} too: the routes stay extracted, the monolith's code may go).
 */
final class StepTarget {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StepTarget() {}

    /**
     * The flip's body ({@code target}, maybe {@code shadow}) for {@code route}; {@code current} is the route as the table
     * has it now (its {@code target} is read for a canary's cohort), or missing.
     */
    static ObjectNode flip(Playbook playbook, Step step, String route, JsonNode current) {
        ObjectNode body = JSON.createObjectNode();
        String service = playbook.service();
        switch (step.target()) {
            case LEGACY -> body.put("target", "legacy");
            case SHADOW -> {
                ObjectNode shadow = body.putObject("target").putObject("shadow").put("primary", "legacy").put("candidate", service);
                StepShadow options = step.shadow();
                if (options != null && options.percent() != null) {
                    shadow.put("percent", options.percent());
                }
                if (options != null && options.sandboxes(route)) {
                    ObjectNode block = body.putObject("shadow").put("sandbox", true);
                    if (!options.sandboxSession().isEmpty()) {
                        options.sandboxSession().forEach(block.putArray("sandboxSession")::add);
                    }
                }
            }
            case CANARY -> {
                ObjectNode canary = body.putObject("target").putObject("canary").put("backend", service).put("percent", step.percent());
                JsonNode cohort = current.path("target").path("canary").path("cohort");
                if (cohort.isTextual()) {
                    canary.put("cohort", cohort.asText());
                }
            }
            case EXTRACTED, RETIRED -> body.putObject("target").putObject("extracted").put("backend", service);
        }
        return body;
    }
}
