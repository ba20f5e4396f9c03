package dev.strangler.cli;

/** The exit codes of every {@code strangler} command, documented in the README and in {@code --help}. */
public final class ExitCodes {

    /** Done, and (for a replay) the mismatch rate within the threshold. */
    public static final int OK = 0;
    /** A replay whose mismatch rate is over {@code --max-mismatch-rate}; a drift check over {@code --max-drift}. */
    public static final int MISMATCH = 1;
    /** A playbook step's gate failed: breached and rolled back automatically, or a report it needs says no. */
    public static final int GATE_FAILED = 1;
    /** Wrong or missing options (picocli's own code for a usage error); a bad drift spec. */
    public static final int USAGE = 2;
    /** The admin API refused a change (a 4xx other than 401/403: e.g. an invalid table, an unknown route or epoch). */
    public static final int REJECTED = 2;
    /** A file that can't be read or parsed, a server or database that can't be reached or answers an error. */
    public static final int INPUT = 3;
    /** The admin API refused the token (401 or 403). */
    public static final int REFUSED = 4;
    /** {@code extract}: the module or the route to be made exists already; nothing was changed. */
    public static final int EXISTS = 5;
    /** A playbook run stopped because someone rolled the playbook back, or another run moved it (or it was interrupted). */
    public static final int STOPPED = 5;
    /** A bug: an exception nobody expected (its stack trace is printed). */
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}
