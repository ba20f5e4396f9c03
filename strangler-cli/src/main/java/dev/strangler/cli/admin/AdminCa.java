package dev.strangler.cli.admin;

import dev.strangler.cli.CliFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --admin-ca FILE} (a picocli mixin of every command that calls the admin API): the CA an https admin API's
 * certificate is checked against, instead of the JVM's trust store; and {@code --admin-cert FILE --admin-key FILE}, the
 * client certificate for an admin API that asks for one (mutual TLS).
 */
public final class AdminCa {

    /** The environment variable naming the file when the option is not given. */
    public static final String ENV = "STRANGLER_ADMIN_CA_FILE";
    /** The environment variables naming the client certificate and key when the options are not given. */
    public static final String CERT_ENV = "STRANGLER_ADMIN_CERT_FILE";
    public static final String KEY_ENV = "STRANGLER_ADMIN_KEY_FILE";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--admin-ca", paramLabel = "FILE", defaultValue = "${env:" + ENV + "}",
            description = "PEM certificates of the CA that signed an https admin API's certificate, trusted instead of the"
                    + " JVM's (default: $" + ENV + ", else the JVM's trust store).")
    Path file;

    @Option(names = "--admin-cert", paramLabel = "FILE", defaultValue = "${env:" + CERT_ENV + "}",
            description = "PEM client certificate (chain) for an admin API that asks for one, with --admin-key"
                    + " (default: $" + CERT_ENV + ").")
    Path cert;

    @Option(names = "--admin-key", paramLabel = "FILE", defaultValue = "${env:" + KEY_ENV + "}",
            description = "The client certificate's unencrypted PEM private key (default: $" + KEY_ENV + ").")
    Path key;

    /** An HTTP client builder that trusts the CA given (the JVM's trust store without one); a usage error for a bad file. */
    public HttpClient.Builder client() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--admin-cert and --admin-key go together: give both (a client"
                    + " certificate for the admin API) or neither");
        }
        if (file != null || cert != null) {
            builder.sslContext(AdminTlsContext.of(file, cert, key, spec.commandLine()));
        }
        return builder;
    }

    /** What to say when the TLS handshake with the admin API failed: its certificate was not trusted, or it wanted ours. */
    public static CliFailure untrusted(URI uri, SSLHandshakeException e) {
        if (clientCertificateRefused(e)) {
            return CliFailure.input("the admin API at " + uri + " asks for a client certificate and refused ours or none ("
                    + e.getMessage() + "): give one its CA signed with --admin-cert FILE --admin-key FILE or $" + CERT_ENV
                    + " and $" + KEY_ENV);
        }
        return CliFailure.input("the admin API at " + uri + " was not trusted over TLS (" + e.getMessage() + "): give the CA"
                + " that signed its certificate with --admin-ca FILE or $" + ENV);
    }

    /**
     * The server's alert for a client certificate missing or not accepted (TLS 1.3's certificate_required among them);
     * not this client's own refusal of the server's certificate, which names an alert too but was not received.
     */
    private static boolean clientCertificateRefused(SSLHandshakeException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Received fatal alert") && (message.contains("certificate_required")
                || message.contains("bad_certificate") || message.contains("unknown_ca") || message.contains("certificate_unknown"));
    }
}
