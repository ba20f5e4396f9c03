package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler playbook rollback SUBDOMAIN}: puts the playbook's routes back on an earlier step's target now, as the
 * journal recorded them when that step was entered, and journals the rollback (a running run stops on it).
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves SUBDOMAIN's routes back to the step before the one its playbook is at (or to --to STEP) now: "
                + "each route gets the target the journal recorded when that step was entered, waiting for the fleet; then "
                + "a rolled-back transition is journaled. A running strangler playbook run notices it and stops (exit 5); "
                + "run it again to go on from the step rolled back to."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rolled back", "2:usage error; no journal, no earlier step, or the admin API refused a flip",
            "3:the admin API can't be reached or answers an error", "4:the admin API refused the token (401/403)"})
final class PlaybookRollbackCommand implements Callable<Integer> {

    /** Transitions searched for the step's recorded targets. */
    static final int SEARCHED = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Parameters(paramLabel = "SUBDOMAIN", description = "The subdomain, e.g. catalog.")
    String subdomain;

    @Option(names = "--to", paramLabel = "STEP", description = "The step to go back to (default: the one before the current).")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, journaled (default: rolled back by hand).")
    String reason;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AdminClient admin = call.client()) {
            Journal journal = new Journal(admin, subdomain);
            JsonNode state = journal.require(SEARCHED, "nothing to roll back");
            int current = state.path("stepIndex").asInt();
            JsonNode applied = appliedFor(state, current);
            String step = applied.path("step").asText();
            int index = applied.path("stepIndex").asInt();
            String why = reason == null ? "rolled back by hand" : reason;
            Applied.flipBack(admin, applied, "playbook " + subdomain + ": " + why);
            ObjectNode numbers = new ObjectMapper().createObjectNode();
            numbers.set("applied", applied);
            journal.record(new Transition(Transition.ROLLED_BACK, step, index, state.path("steps").asInt(),
                    state.path("step").asText(), Transition.ROLLED_BACK, why, numbers));
            if (call.json()) {
                out.println(numbers.toPrettyString());
            } else {
                out.println(subdomain + " rolled back from step " + state.path("step").asText() + " to step " + step
                        + " (routes " + String.join(", ", (Iterable<String>) applied.path("routes")::fieldNames) + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The targets journaled when the step rolled back to was last entered (its {@code numbers.applied}). */
    private JsonNode appliedFor(JsonNode state, int current) {
        for (JsonNode t : state.path("transitions")) {
            JsonNode applied = t.path("numbers").path("applied");
            if (!applied.isObject() || !Transition.ADVANCED.equals(t.path("kind").asText())
                    && !Transition.STARTED.equals(t.path("kind").asText()) && !Transition.ROLLED_BACK.equals(t.path("kind").asText())) {
                continue;
            }
            if (to == null ? applied.path("stepIndex").asInt() == current - 1 : to.equals(applied.path("step").asText())) {
                if (applied.path("stepIndex").asInt() >= current) {
                    throw new CliFailure(ExitCodes.REJECTED, "step " + to + " is not before step " + state.path("step").asText()
                            + ", where " + subdomain + " is; rollback only goes back");
                }
                return applied;
            }
        }
        throw new CliFailure(ExitCodes.REJECTED, current == 0 && to == null
                ? subdomain + " is at its first step (" + state.path("step").asText() + "): there is no step before it"
                : "the journal of " + subdomain + " has no targets recorded for step "
                        + (to == null ? "#" + current : to) + " (among its last " + SEARCHED + " transitions)");
    }
}
