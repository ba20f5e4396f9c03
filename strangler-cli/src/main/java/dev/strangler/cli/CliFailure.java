package dev.strangler.cli;

/** A problem to tell the user in one sentence, ending the command with an exit code from {@link ExitCodes}. */
public final class CliFailure extends RuntimeException {

    private final int exitCode;
    private final int httpStatus;

    public CliFailure(int exitCode, String message) {
        this(exitCode, message, 0);
    }

    /** A refusal by a server that answered {@code httpStatus}. */
    public CliFailure(int exitCode, String message, int httpStatus) {
        super(message);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** An input or connection problem ({@link ExitCodes#INPUT}). */
    public static CliFailure input(String message) {
        return new CliFailure(ExitCodes.INPUT, message);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The HTTP status of the refusal this failure reports; 0 when it is not one. */
    public int httpStatus() {
        return httpStatus;
    }
}
