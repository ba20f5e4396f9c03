package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One limit of a gate against what was read.
 *
 * @param limit  the gate's field, e.g. {@code maxErrorRateDelta}
 * @param value  what was read; null when nothing could be
 * @param max    the limit (for {@code minComparedRequests} the least needed)
 * @param status how it stands
 * @param note   why, when it is not simply held or over (too few samples, not checkable, a report's verdict)
 */
record Check(String limit, Double value, Double max, Status status, String note) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a limit stands. */
    enum Status {
        /** Within the limit. */
        HELD,
        /** Over the limit on live traffic with enough samples: a breach, rolled back. */
        OVER,
        /** Not judged yet: too few samples, or no figures yet. */
        WAITING,
        /** A report the gate needs says no (or can't be read): waiting won't change it. */
        FAILED,
        /** Can't be checked here (no report given, no figures of this kind in this step); shown, never blocking. */
        NOT_CHECKED
    }

    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("limit", limit).put("value", value).put("max", max)
                .put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        return note == null ? json : json.put("note", note);
    }
}
