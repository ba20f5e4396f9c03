package dev.strangler.cli.drift;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler drift}: only a parent for {@code check}. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Drift: differences between the legacy store and the new store for the same aggregates.",
        subcommands = DriftCheckCommand.class)
public final class DriftCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: drift check");
    }
}
