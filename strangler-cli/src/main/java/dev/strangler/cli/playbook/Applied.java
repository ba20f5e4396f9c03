package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.cli.routes.RouteFlip;

/**
 * The targets a step put its routes on, as journaled in a transition's {@code numbers.applied}
 * ({@code {"step", "stepIndex", "routes": {ROUTE: flip body}}}), so a rollback can put them back without the playbook.
 */
final class Applied {

    private Applied() {}

    /** Flips every route of {@code applied} back to what it recorded, waiting for the fleet; an unchanged flip changes nothing. */
    static void flipBack(AdminClient admin, JsonNode applied, String reason) {
        applied.path("routes").properties().forEach(route -> RouteFlip.send(admin, route.getKey(),
                ((ObjectNode) route.getValue()).deepCopy().put("reason", reason), true));
    }
}
