package dev.strangler.cli.lab;

import dev.strangler.cli.ExitCodes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler lab down [NAME...]}: stops every process the lab started, or the named ones, in reverse order. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stops the lab's processes in reverse start order: SIGTERM, then SIGKILL after LAB_STOP_TIMEOUT "
                + "(30 s). Logs and secrets stay in the lab's folder.",
            "With NAMEs (as `strangler lab status` lists them, e.g. catalog-service-1), stops only those: a drill; "
                + "`strangler lab up` starts them again."})
final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Only these processes (default: all).")
    List<String> names = List.of();

    @Override
    public Integer call() {
        options.lab().down(spec.commandLine().getOut(), Set.copyOf(names));
        return ExitCodes.OK;
    }
}
