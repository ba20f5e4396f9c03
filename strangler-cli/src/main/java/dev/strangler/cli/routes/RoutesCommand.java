package dev.strangler.cli.routes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler routes}: only a parent for the commands reading and changing the proxy's route table. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "The proxy's route table, read and changed through its admin API.",
        subcommands = {ListRoutesCommand.class, ShowRouteCommand.class, ApplyCommand.class, FlipCommand.class,
            RollbackCommand.class, HistoryCommand.class, DiffCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "2:usage error; or the admin API refused the change (an invalid table, an unknown route or epoch, a stale If-Match)",
            "3:the admin API can't be reached or answers a server error; a file can't be read",
            "4:the admin API refused the token (401/403)"})
public final class RoutesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: list, show, apply, flip, rollback, history or diff");
    }
}
