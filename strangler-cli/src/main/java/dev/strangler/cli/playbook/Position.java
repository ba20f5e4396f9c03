package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a playbook run is: the step's id and 0-based index, of how many steps; shown as {@code [3/7 canary-5]}. */
record Position(String subdomain, String step, int index, int steps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ObjectNode toJson() {
        return JSON.createObjectNode().put("subdomain", subdomain).put("step", step).put("stepIndex", index).put("steps", steps);
    }

    @Override
    public String toString() {
        return "[" + subdomain + " " + (index + 1) + "/" + steps + " " + step + "]";
    }
}
