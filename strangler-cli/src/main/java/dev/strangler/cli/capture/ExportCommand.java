package dev.strangler.cli.capture;

import dev.strangler.cli.admin.AdminCa;
import dev.strangler.cli.AdminToken;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler capture export}: downloads a capture from the proxy's admin API into a JSON Lines file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Exports a capture from the proxy's admin API into a JSON Lines file.",
            "%nStreams GET <admin>/admin/capture into a file (or stdout), checking that every line is a valid capture "
                    + "line. The admin token is read from --token-file or the environment variable "
                    + "STRANGLER_ADMIN_TOKEN, never from the command line (it would show in process lists and shell "
                    + "history)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:exported",
            "2:usage error (also: no token given)",
            "3:the admin API can't be reached, answers an error or an invalid line, or the file can't be written",
            "4:the admin API refused the token (401/403)"})
public final class ExportCommand implements Callable<Integer> {

    /** The environment variable holding the admin token when no --token-file is given. */
    public static final String TOKEN_ENV = "STRANGLER_ADMIN_TOKEN";

    @Spec
    CommandSpec spec;

    @Option(names = "--admin", paramLabel = "URL", defaultValue = AdminCall.ADMIN_DEFAULT,
            description = "The proxy's admin API (default: $" + AdminCall.ADMIN_URL_ENV + ", else " + AdminCall.DEFAULT_ADMIN + ").")
    URI admin;

    @Mixin
    AdminCa adminCa;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the admin token (default: $" + TOKEN_ENV + ").")
    Path tokenFile;

    @Option(names = "--route", paramLabel = "ID", description = "Only this route's lines.")
    String route;

    @Option(names = "--since", paramLabel = "INSTANT|ID", description = "Only lines after this ISO instant or stream id.")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N lines (default: the endpoint's).")
    Integer limit;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (default: stdout).")
    Path out;

    @Option(names = "--no-progress", description = "Don't count lines on stderr.")
    boolean noProgress;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "To connect and to get the answer's head (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() {
        if (admin.getScheme() == null || !admin.getScheme().matches("https?") || admin.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--admin must be an http(s) URL, was '" + admin + "'");
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be more than 0 seconds");
        }
        CaptureExporter.Query query = new CaptureExporter.Query(admin, route, since, limit);
        CaptureExporter exporter = new CaptureExporter(token(), Duration.ofMillis(Math.round(timeoutSeconds * 1000)), adminCa.client());
        long lines = exporter.export(query, out, !noProgress, spec.commandLine().getOut(), spec.commandLine().getErr());
        spec.commandLine().getErr().println("exported " + lines + " capture lines" + (out == null ? "" : " to " + out));
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
    }

    private String token() {
        return AdminToken.read(tokenFile, "--token-file", TOKEN_ENV, System.getenv(), spec.commandLine());
    }
}
