package dev.strangler.cli.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strangler routes list}: the table serving now, one route per line in its one-line form. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the routes serving now, one line each (GET /admin/routes); the epoch goes to stderr.")
final class ListRoutesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminClient admin = call.client()) {
            answer = admin.get("/admin/routes");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (call.json()) {
            out.println(answer.toPrettyString());
        } else {
            answer.path("lines").forEach(line -> out.println(line.asText()));
            spec.commandLine().getErr().println("epoch " + answer.path("epoch").asLong() + ", from " + answer.path("source").asText());
            spec.commandLine().getErr().flush();
        }
        out.flush();
        return ExitCodes.OK;
    }
}
