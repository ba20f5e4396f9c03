package dev.strangler.cli.capture;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler capture}: only a parent for {@code export}. */
@Command(name = "capture", mixinStandardHelpOptions = true, description = "Traffic captures taken at the proxy.",
        subcommands = ExportCommand.class)
public final class CaptureCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: capture export");
    }
}
