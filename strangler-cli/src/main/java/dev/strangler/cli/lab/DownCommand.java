package dev.strangler.cli.lab;

import dev.strangler.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strangler lab down}: stops every process the lab started, in reverse order. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops the lab's processes in reverse start order: SIGTERM, then SIGKILL after LAB_STOP_TIMEOUT "
                + "(30 s). Logs and secrets stay in the lab's folder.")
final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Override
    public Integer call() {
        options.lab().down(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
