package dev.strangler.cli.routes;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.table.RouteTableDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler routes diff FILE}: what {@code routes apply FILE} would change, computed here with the proxy's own
 * reader and diff (the lines the history would show) against the table serving now.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows what `routes apply FILE` would change against the table serving now, changing nothing.",
            "%nOne line per change: + added, - removed, ~ changed (before => after), as in routes history."})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Parameters(paramLabel = "FILE", description = "The route table (YAML or JSON).")
    Path file;

    @Override
    public Integer call() {
        RouteTableDefinition proposed;
        try {
            proposed = RouteTableCodec.parse(ApplyCommand.read(file));
        } catch (InvalidRouteTableException e) {
            throw new CliFailure(ExitCodes.REJECTED, file + " is not a valid route table:"
                    + e.problems().stream().map(p -> System.lineSeparator() + "  - " + p).reduce("", String::concat));
        }
        RouteTableDefinition serving;
        try (AdminClient admin = call.client()) {
            serving = RouteTableCodec.fromTree(admin.get("/admin/routes").path("table"));
        }
        List<String> diff = RouteTableDiff.between(serving, proposed);
        PrintWriter out = spec.commandLine().getOut();
        if (call.json()) {
            out.println(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(diff).toPrettyString());
        } else if (diff.isEmpty()) {
            spec.commandLine().getErr().println("no change: " + file + " says what the table serving now says");
            spec.commandLine().getErr().flush();
        } else {
            diff.forEach(out::println);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
