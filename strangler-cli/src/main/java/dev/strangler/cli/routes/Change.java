package dev.strangler.cli.routes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The options of a change to the route table, and how its answer is shown. */
public final class Change {

    @Option(names = "--wait", description = "Wait (up to the proxy's limit) until every proxy of the fleet applied the change.")
    boolean waitForFleet;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept in the history.")
    String reason;

    /** The --reason given, or null. */
    public String reason() {
        return reason;
    }

    /** {@code path} with {@code ?wait=true} when asked. */
    public String path(String path) {
        return waitForFleet ? path + "?wait=true" : path;
    }

    /** The new epoch and what changed; with --wait whether the whole fleet applied it. */
    public static void print(JsonNode answer, boolean json, PrintWriter out) {
        if (json) {
            out.println(answer.toPrettyString());
        } else if (!answer.path("changed").asBoolean()) {
            out.println("unchanged: the table serving now (epoch " + answer.path("epoch").asLong() + ") already says this");
        } else {
            out.println("epoch " + answer.path("epoch").asLong());
            answer.path("diff").forEach(d -> out.println("  " + d.asText()));
            JsonNode fleet = answer.path("fleet");
            if (!fleet.isMissingNode()) {
                out.println(fleet.path("allApplied").asBoolean() ? "applied by all " + fleet.path("instances").size()
                        + " proxies" : "NOT yet applied by every proxy: see strangler status");
            }
        }
        out.flush();
    }
}
