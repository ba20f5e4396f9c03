package dev.strangler.cli.admin;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The TLS of calls to an https admin API: the trust of {@code --admin-ca} (the PEM certificates in one file, and nothing
 * else: JDK's PKIX validation; the JVM's trust store without it), and the client certificate of {@code --admin-cert} /
 * {@code --admin-key} for an admin API asking for one (mutual TLS).
 */
final class AdminTlsContext {

    private AdminTlsContext() {}

    /** An SSL context of {@code caFile} (null: the JVM's trust) and the {@code cert}/{@code key} pair (null: none). */
    static SSLContext of(Path caFile, Path cert, Path key, CommandLine command) {
        TrustManager[] trust = caFile == null ? null : trustManagers(caFile, command);
        KeyManager[] keys = cert == null ? null : keyManagers(cert, key, command);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not build a TLS context: " + e.getMessage(), e);
        }
    }

    /** Trusting the certificates in {@code caFile}; a usage error naming the file when it has none. */
    private static TrustManager[] trustManagers(Path caFile, CommandLine command) {
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
            return trust.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not build a TLS trust store: " + e.getMessage(), e);
        }
    }

    /**
     * The client certificate chain and its unencrypted private key, read by Vert.x's PEM loader (PKCS#8, PKCS#1 RSA, EC:
     * what the proxy's own listener files may be); a usage error naming both files when they can't be used.
     */
    private static KeyManager[] keyManagers(Path cert, Path key, CommandLine command) {
        Vertx vertx = Vertx.vertx(); // the loader reads the files through a Vert.x file system; closed at once
        try {
            return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()).getKeyManagerFactory(vertx)
                    .getKeyManagers();
        } catch (Exception e) {
            throw new ParameterException(command, "--admin-cert " + cert + " with --admin-key " + key + " can't be used: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            vertx.close();
        }
    }
}
