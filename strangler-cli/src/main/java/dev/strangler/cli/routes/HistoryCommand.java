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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strangler routes history}: the latest epochs, who made them, why and what changed. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The latest epochs of the route table, newest first (GET /admin/history).")
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N epochs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminClient admin = call.client()) {
            answer = admin.get("/admin/history?limit=" + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (call.json()) {
            out.println(answer.toPrettyString());
        } else {
            for (JsonNode version : answer.path("versions")) {
                out.println("epoch " + version.path("epoch").asLong() + "  " + version.path("time").asText("-") + "  "
                        + version.path("actor").asText("-")
                        + (version.path("reason").isTextual() ? "  " + version.path("reason").asText() : ""));
                version.path("diff").forEach(d -> out.println("  " + d.asText()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
