package dev.strangler.cli.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler routes rollback EPOCH}: publishes an earlier epoch's table again, as a new epoch. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serves the table of an earlier EPOCH again, as a new epoch (POST /admin/rollback).")
final class RollbackCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Mixin
    Change change;

    @Parameters(paramLabel = "EPOCH", description = "The epoch to go back to (see routes history).")
    long epoch;

    @Override
    public Integer call() {
        ObjectNode body = JSON.createObjectNode().put("epoch", epoch);
        if (change.reason != null) {
            body.put("reason", change.reason);
        }
        try (AdminClient admin = call.client()) {
            Change.print(admin.send("POST", change.path("/admin/rollback"), "application/json", body.toString(), Map.of()),
                    call.json(), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
