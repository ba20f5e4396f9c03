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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler routes show ID}: one route's one-line form. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows one route serving now (GET /admin/routes/ID).")
final class ShowRouteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Parameters(paramLabel = "ID", description = "The route's id.")
    String id;

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminClient admin = call.client()) {
            answer = admin.get("/admin/routes/" + AdminClient.segment(id));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(call.json() ? answer.toPrettyString() : answer.path("line").asText());
        out.flush();
        return ExitCodes.OK;
    }
}
