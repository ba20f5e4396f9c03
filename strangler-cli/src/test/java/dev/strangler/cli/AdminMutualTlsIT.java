package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a proxy whose admin API asks for client certificates (mutual TLS): it presents the one given with
 * --admin-cert and --admin-key (or their environment variables), and says what is missing when the proxy refuses it.
 */
class AdminMutualTlsIT {

    @TempDir
    Path dir;

    @AutoClose
    private static final TestCertificates certs = TestCertificates.create(); // read only: one set for the class
    @AutoClose
    private static final TestCertificates strangers = TestCertificates.create();
    private AdminProxy proxy;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        proxy = new AdminProxy("cli-admin-mtls", dir, Map.of("STRANGLER_ADMIN_TLS_CERT_FILE", certs.serverCert().toString(),
                "STRANGLER_ADMIN_TLS_KEY_FILE", certs.serverKey().toString(),
                "STRANGLER_ADMIN_TLS_CLIENT_CA_FILE", certs.caCert().toString()));
        admin = "https://localhost:" + proxy.adminPort();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void theClientCertificateGivenIsPresentedAndTheCallSucceeds() {
        Cli.Run list = Cli.run("routes", "list", "--admin", admin, "--admin-ca", certs.caCert().toString(),
                "--admin-cert", certs.clientCert().toString(), "--admin-key", certs.clientKey().toString(),
                "--token-file", proxy.tokenFile().toString());

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).contains("epoch");
    }

    @Test
    void theClientCertificateMayComeFromTheEnvironment() {
        // The launcher as a user runs it: the environment is the process's own.
        Processes.Ended list = Processes.run(dir, List.of(Path.of(LauncherIT.LAUNCHER).toAbsolutePath().toString(), "routes",
                "list", "--admin", admin, "--token-file", proxy.tokenFile().toString()), Map.of(
                "JAVA_HOME", System.getProperty("java.home"), "STRANGLER_ADMIN_CA_FILE", certs.caCert().toString(),
                "STRANGLER_ADMIN_CERT_FILE", certs.clientCert().toString(), "STRANGLER_ADMIN_KEY_FILE", certs.clientKey().toString()),
                120);

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).contains("epoch");
    }

    @Test
    void withoutACertificateOrWithOneOfAnotherCaTheCliSaysTheAdminApiWantsOne() {
        Cli.Run none = Cli.run("routes", "list", "--admin", admin, "--admin-ca", certs.caCert().toString(),
                "--token-file", proxy.tokenFile().toString());
        Cli.Run foreign = Cli.run("routes", "list", "--admin", admin, "--admin-ca", certs.caCert().toString(),
                "--admin-cert", strangers.clientCert().toString(), "--admin-key", strangers.clientKey().toString(),
                "--token-file", proxy.tokenFile().toString());

        assertThat(none.exitCode()).as(none.err()).isEqualTo(3);
        assertThat(none.err()).contains("asks for a client certificate").contains("--admin-cert FILE --admin-key FILE");
        assertThat(foreign.exitCode()).as(foreign.err()).isEqualTo(3);
        assertThat(foreign.err()).contains("asks for a client certificate");
    }

    @Test
    void aCertificateWithoutItsKeyOrAKeyThatIsNoneAreUsageErrors() throws Exception {
        Cli.Run alone = Cli.run("routes", "list", "--admin", admin, "--admin-cert", certs.clientCert().toString(),
                "--token-file", proxy.tokenFile().toString());
        Path notAKey = java.nio.file.Files.writeString(dir.resolve("client.key"), "not a key\n");
        Cli.Run broken = Cli.run("routes", "list", "--admin", admin, "--admin-cert", certs.clientCert().toString(),
                "--admin-key", notAKey.toString(), "--token-file", proxy.tokenFile().toString());

        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--admin-cert and --admin-key go together");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("--admin-cert " + certs.clientCert() + " with --admin-key " + notAKey + " can't be used");
    }
}
