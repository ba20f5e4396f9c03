package dev.strangler.cli.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.admin.AdminClient;
import java.util.Map;

/** One route's flip through the admin API ({@code POST /admin/routes/ID/flip}), as {@code routes flip} and playbooks send it. */
public final class RouteFlip {

    private RouteFlip() {}

    /**
     * Sends {@code body} ({@code target} or {@code percent}, optionally {@code shadow} and {@code reason}); with
     * {@code waitForFleet} the answer comes once every proxy of the fleet applied it (or the proxy's wait ran out).
     */
    public static JsonNode send(AdminClient admin, String routeId, ObjectNode body, boolean waitForFleet) {
        String path = "/admin/routes/" + AdminClient.segment(routeId) + "/flip" + (waitForFleet ? "?wait=true" : "");
        return admin.send("POST", path, "application/json", body.toString(), Map.of());
    }
}
