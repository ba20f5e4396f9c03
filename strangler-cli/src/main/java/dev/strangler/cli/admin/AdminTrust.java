package dev.strangler.cli.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The TLS trust of {@code --admin-ca}: the PEM certificates in one file, and nothing else (JDK's PKIX validation). */
final class AdminTrust {

    private AdminTrust() {}

    /** An SSL context trusting the certificates in {@code caFile}; a usage error naming the file when it has none. */
    static SSLContext of(Path caFile, CommandLine command) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ParameterException(command, "--admin-ca " + caFile + " can't be read as PEM certificates: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ParameterException(command, "--admin-ca " + caFile + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("admin-ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not build a TLS context: " + e.getMessage(), e);
        }
    }
}
