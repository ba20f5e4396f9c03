package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.playbook.Playbook;
import java.time.Instant;
import java.util.Optional;

/**
 * Where {@code playbook run} starts, from the subdomain's journal: at the first step when it has none; a step that was
 * soaking (or stopped by a gate that can't pass) goes on soaking from when it was entered, numbers kept; a step
 * waiting for approval goes on waiting; after a rollback the step rolled back to is entered again (its numbers reset,
 * its soak and gate again); a completed playbook has nothing left to do.
 *
 * @param index  the step's index
 * @param mode   what to do there
 * @param since  when the step was entered (for {@link Mode#SOAK}), else null
 * @param from   the journal's step before this run (for {@link Mode#ENTER} after a rollback), else null
 * @param lastId the journal's newest transition but approvals, or null: what came after it is news to this run
 */
record StartPoint(int index, Mode mode, Instant since, String from, String lastId) {

    /** What the run does at its first step. */
    enum Mode { ENTER, SOAK, APPROVAL, DONE }

    static StartPoint of(Playbook playbook, Optional<JsonNode> journal) {
        if (journal.isEmpty()) {
            return new StartPoint(0, Mode.ENTER, null, null, null);
        }
        JsonNode state = journal.get();
        int index = state.path("stepIndex").asInt(-1);
        String step = state.path("step").asText();
        if (state.path("steps").asInt() != playbook.steps().size() || index < 0 || index >= playbook.steps().size()
                || !playbook.steps().get(index).id().equals(step)) {
            throw new CliFailure(ExitCodes.USAGE, "the journal of " + playbook.subdomain() + " says step '" + step + "' ("
                    + (index + 1) + " of " + state.path("steps").asInt() + "), which is not this playbook's: was it changed since "
                    + "the run began? Roll back with strangler playbook rollback, or keep the playbook as it was");
        }
        String lastId = null;
        for (JsonNode t : state.path("transitions")) {
            if (!Transition.APPROVED.equals(t.path("kind").asText())) {
                lastId = t.path("id").asText();
                break;
            }
        }
        Instant since = state.path("since").isTextual() ? Instant.parse(state.path("since").asText()) : null;
        return switch (state.path("state").asText()) {
            case Transition.COMPLETED -> new StartPoint(index, Mode.DONE, since, null, lastId);
            case Transition.WAITING_APPROVAL -> new StartPoint(index, Mode.APPROVAL, since, null, lastId);
            case Transition.ROLLED_BACK -> new StartPoint(index, Mode.ENTER, null, step, lastId);
            default -> new StartPoint(index, Mode.SOAK, since, null, lastId);
        };
    }
}
