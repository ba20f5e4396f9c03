package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code strangler playbook next SUBDOMAIN}: approves the manual step the subdomain's playbook waits at. */
@Command(name = "next", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Approves the step SUBDOMAIN's playbook waits at (POST /admin/playbooks/SUBDOMAIN/approvals): the "
                + "running strangler playbook run moves on at its next gate reading. The approval is journaled with --actor."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:approved", "2:usage error; no journal, or not waiting for approval (at that step)",
            "3:the admin API can't be reached or answers an error", "4:the admin API refused the token (401/403)"})
final class NextCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Parameters(paramLabel = "SUBDOMAIN", description = "The subdomain, e.g. catalog.")
    String subdomain;

    @Option(names = "--step", paramLabel = "ID", description = "The step approved (default: the one it waits at); refused unless it waits there.")
    String step;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, journaled with the approval.")
    String reason;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AdminClient admin = call.client()) {
            Journal journal = new Journal(admin, subdomain);
            JsonNode state = journal.require(1, "nothing waits for an approval");
            if (step == null && !Transition.WAITING_APPROVAL.equals(state.path("state").asText())) {
                throw new CliFailure(ExitCodes.REJECTED, subdomain + " is not waiting for an approval: it is "
                        + state.path("state").asText() + " at step " + state.path("step").asText());
            }
            String approved = step == null ? state.path("step").asText() : step;
            JsonNode answer = journal.approve(approved, reason);
            if (call.json()) {
                out.println(answer.toPrettyString());
            } else {
                out.println("approved step " + approved + " of " + subdomain + " (" + answer.path("at").asText()
                        + "); the run moves on at its next gate reading");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
