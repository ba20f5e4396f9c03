package dev.strangler.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code strangler}: runs the command line and exits with its code ({@link ExitCodes}). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, with failures mapped to exit codes; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new StranglerCommand());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CliFailure failure) {
                err.println(cmd.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
                err.flush();
                return failure.exitCode();
            }
            err.println(cmd.getCommandSpec().qualifiedName() + ": internal error (a bug, please report it):");
            e.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL;
        });
        return line;
    }
}
