package dev.strangler.cli;

/** A problem to tell the user in one sentence, ending the command with an exit code from {@link ExitCodes}. */
public final class CliFailure extends RuntimeException {

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** An input or connection problem ({@link ExitCodes#INPUT}). */
    public static CliFailure input(String message) {
        return new CliFailure(ExitCodes.INPUT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
