package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One subdomain's playbook journal on the proxy's admin API: its state, its transitions (newest first), approvals. */
final class Journal {

    /** Transitions read when looking for what happened since a run's own last one. */
    static final int RECENT = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminClient admin;
    private final String subdomain;

    Journal(AdminClient admin, String subdomain) {
        this.admin = admin;
        this.subdomain = subdomain;
    }

    String subdomain() {
        return subdomain;
    }

    /** The state with its newest {@code limit} transitions; empty when the subdomain has none yet. */
    Optional<JsonNode> state(int limit) {
        return admin.getIfThere(path() + "?limit=" + limit, 404);
    }

    /** The state with its newest {@code limit} transitions; a refusal ({@code 2}) saying {@code consequence} when there is none. */
    JsonNode require(int limit, String consequence) {
        return state(limit).orElseThrow(() -> new CliFailure(ExitCodes.REJECTED, "no playbook journal for " + subdomain + ": "
                + consequence));
    }

    /** Records {@code transition}; its stream id. */
    String record(Transition transition) {
        return record(transition, null);
    }

    /** Records {@code transition} for the run holding lease {@code runner} (refused, 409, while another run holds it). */
    String record(Transition transition, String runner) {
        var body = transition.toJson();
        if (runner != null) {
            body.put("runner", runner);
        }
        return admin.send("POST", path() + "/transitions", "application/json", body.toString(), Map.of()).path("id").asText();
    }

    /** Approves {@code step} (the proxy refuses unless the playbook waits there); {@code reason} may be null. */
    JsonNode approve(String step, String reason) {
        var body = JSON.createObjectNode().put("step", step);
        if (reason != null) {
            body.put("reason", reason);
        }
        return admin.send("POST", path() + "/approvals", "application/json", body.toString(), Map.of());
    }

    /** The transitions after the one with {@code id}, oldest first (all {@link #RECENT} when it is no longer among them). */
    List<JsonNode> since(String id) {
        return since(state(RECENT).orElse(null), id);
    }

    /** The transitions of {@code state} (read with {@link #state}; null: none yet) after the one with {@code id}, oldest first. */
    static List<JsonNode> since(JsonNode state, String id) {
        List<JsonNode> newer = new ArrayList<>();
        for (JsonNode t : state == null ? JSON.createArrayNode() : state.path("transitions")) {
            if (t.path("id").asText().equals(id)) {
                break;
            }
            newer.addFirst(t);
        }
        return newer;
    }

    private String path() {
        return "/admin/playbooks/" + AdminClient.segment(subdomain);
    }
}
