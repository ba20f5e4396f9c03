package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a proxy whose admin API has TLS: it trusts the CA given with --admin-ca, and says so when it can't. */
class AdminTlsIT {

    @TempDir
    Path dir;

    @AutoClose
    private static final TestCertificates certs = TestCertificates.create(); // read only: one set for the class
    private AdminProxy proxy;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        proxy = new AdminProxy("cli-admin-tls", dir, Map.of("STRANGLER_ADMIN_TLS_CERT_FILE", certs.serverCert().toString(),
                "STRANGLER_ADMIN_TLS_KEY_FILE", certs.serverKey().toString()));
        admin = "https://localhost:" + proxy.adminPort();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void theAdminApiOverTlsIsReachedWithItsCa() {
        Cli.Run list = Cli.run("routes", "list", "--admin", admin, "--admin-ca", certs.caCert().toString(), "--token-file",
                proxy.tokenFile().toString());

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).contains("epoch");
    }

    @Test
    void withoutTheCaTheCliSaysTheAdminApiWasNotTrustedAndHowToTrustIt() {
        Cli.Run list = Cli.run("routes", "list", "--admin", admin, "--token-file", proxy.tokenFile().toString());

        assertThat(list.exitCode()).isEqualTo(3);
        assertThat(list.err()).contains("the admin API at " + admin + "/admin/routes was not trusted over TLS")
                .contains("--admin-ca FILE or $STRANGLER_ADMIN_CA_FILE");
    }

    @Test
    void captureExportTakesTheSameCa() {
        Cli.Run trusted = Cli.run("capture", "export", "--admin", admin, "--admin-ca", certs.caCert().toString(), "--token-file",
                proxy.tokenFile().toString(), "--out", dir.resolve("capture.jsonl").toString());
        Cli.Run untrusted = Cli.run("capture", "export", "--admin", admin, "--token-file", proxy.tokenFile().toString());

        assertThat(trusted.exitCode()).as(trusted.err()).isZero();
        assertThat(trusted.err()).contains("exported 0 capture lines");
        assertThat(untrusted.exitCode()).isEqualTo(3);
        assertThat(untrusted.err()).contains("was not trusted over TLS").contains("--admin-ca FILE");
    }

    @Test
    void aCaFileWithoutCertificatesIsAUsageError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

        Cli.Run list = Cli.run("routes", "list", "--admin", admin, "--admin-ca", notPem.toString(), "--token-file",
                proxy.tokenFile().toString());

        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).contains("--admin-ca " + notPem);
    }
}
