package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of a subdomain's playbook journal, as {@code POST /admin/playbooks/SUBDOMAIN/transitions} takes it.
 *
 * @param kind      {@code started}, {@code advanced}, {@code waiting-approval}, {@code gate-failed}, {@code rolled-back},
 *                  {@code completed} or {@code aborted}
 * @param step      the step the playbook is at after it
 * @param stepIndex that step's 0-based index
 * @param steps     the playbook's step count
 * @param from      the step before; null for {@code started}
 * @param state     where the run is now: {@code soaking}, {@code waiting-approval}, {@code rolled-back}, {@code completed},
 *                  {@code aborted}
 * @param reason    free text, or null
 * @param numbers   the gate figures read (and the targets applied), or null
 */
record Transition(String kind, String step, int stepIndex, int steps, String from, String state, String reason, JsonNode numbers) {

    static final String STARTED = "started";
    static final String ADVANCED = "advanced";
    static final String WAITING_APPROVAL = "waiting-approval";
    static final String APPROVED = "approved";
    static final String GATE_FAILED = "gate-failed";
    static final String ROLLED_BACK = "rolled-back";
    static final String COMPLETED = "completed";
    static final String ABORTED = "aborted";

    static final String SOAKING = "soaking";

    private static final ObjectMapper JSON = new ObjectMapper();

    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("kind", kind).put("step", step).put("stepIndex", stepIndex)
                .put("steps", steps).put("from", from).put("state", state);
        if (reason != null) {
            json.put("reason", reason);
        }
        if (numbers != null) {
            json.set("numbers", numbers);
        }
        return json;
    }
}
