package dev.strangler.cli.admin;

import dev.strangler.cli.CliFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --admin-ca FILE} (a picocli mixin of every command that calls the admin API): the CA an https admin API's
 * certificate is checked against, instead of the JVM's trust store.
 */
public final class AdminCa {

    /** The environment variable naming the file when the option is not given. */
    public static final String ENV = "STRANGLER_ADMIN_CA_FILE";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--admin-ca", paramLabel = "FILE", defaultValue = "${env:" + ENV + "}",
            description = "PEM certificates of the CA that signed an https admin API's certificate, trusted instead of the"
                    + " JVM's (default: $" + ENV + ", else the JVM's trust store).")
    Path file;

    /** An HTTP client builder that trusts the CA given (the JVM's trust store without one); a usage error for a bad file. */
    public HttpClient.Builder client() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (file != null) {
            builder.sslContext(AdminTrust.of(file, spec.commandLine()));
        }
        return builder;
    }

    /** What to say when the admin API's certificate was not trusted. */
    public static CliFailure untrusted(URI uri, SSLHandshakeException e) {
        return CliFailure.input("the admin API at " + uri + " was not trusted over TLS (" + e.getMessage() + "): give the CA"
                + " that signed its certificate with --admin-ca FILE or $" + ENV);
    }
}
