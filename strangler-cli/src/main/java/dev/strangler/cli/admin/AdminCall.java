package dev.strangler.cli.admin;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import dev.strangler.cli.AdminToken;

/** The options every command talking to the proxy's admin API shares: where it is, the token, who acts, the output. */
public final class AdminCall {

    /** The admin API of a proxy on this machine with the default admin port. */
    public static final String DEFAULT_ADMIN = "http://127.0.0.1:8090";
    /** The environment variable naming the admin API when no {@code --admin} is given (a lab on other ports, a CI job). */
    public static final String ADMIN_URL_ENV = "STRANGLER_ADMIN_URL";
    /** {@code --admin}'s default: {@value #ADMIN_URL_ENV}, else {@value #DEFAULT_ADMIN}. */
    public static final String ADMIN_DEFAULT = "${env:" + ADMIN_URL_ENV + ":-" + DEFAULT_ADMIN + "}";
    /** The environment variable holding the admin token unless --token-env names another. */
    public static final String DEFAULT_TOKEN_ENV = "STRANGLER_ADMIN_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--admin", paramLabel = "URL", defaultValue = ADMIN_DEFAULT,
            description = "The proxy's admin API (default: $" + ADMIN_URL_ENV + ", else " + DEFAULT_ADMIN + ").")
    URI admin;

    @Mixin
    AdminCa ca;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the admin token.")
    Path tokenFile;

    @Option(names = "--token-env", paramLabel = "NAME", defaultValue = DEFAULT_TOKEN_ENV,
            description = "The environment variable holding the admin token when no --token-file is given (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts, sent as X-Actor and kept in the history (default: the proxy's 'admin').")
    String actor;

    @Option(names = "--json", description = "Print the admin API's JSON instead of text.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "To connect and to get each answer (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    /** Whether to print JSON. */
    public boolean json() {
        return json;
    }

    /** A client for the admin API after checking the options; the token is read here, never from the command line. */
    public AdminClient client() {
        if (admin.getScheme() == null || !admin.getScheme().matches("https?") || admin.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--admin must be an http(s) URL, was '" + admin + "'");
        }
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be more than 0 seconds");
        }
        String token = AdminToken.read(tokenFile, "--token-file", tokenEnv, Map.copyOf(System.getenv()), spec.commandLine());
        Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        return new AdminClient(admin, token, actor, timeout, ca.client().connectTimeout(timeout).build());
    }
}
