package dev.strangler.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed, by default for {@code 127.0.0.1} and
 * {@code localhost} (subject alternative names, so hostname verification passes on loopback), made by the {@code openssl} CLI in a temp
 * directory for one test run; and a client certificate the same CA signed ({@code clientKey} in PKCS#8, as OpenSSL 3
 * writes keys; {@code clientKeyStore} the same pair in PKCS12 for test-side clients). PEM files; the keys are unencrypted.
 */
public record TestCertificates(Path dir, Path caCert, Path serverCert, Path serverKey, Path caTrustStore, Path clientCert,
                               Path clientKey, Path clientKeyStore) implements AutoCloseable {

  /** The password of {@link #caTrustStore()}, a PKCS#12 store holding the CA for clients that take a key store. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  /** How long one {@code openssl} or {@code keytool} call may take. */
  private static final long OPENSSL_TIMEOUT_SECONDS = 30;

  /** The names the server certificate carries by default: loopback by address and by name. */
  public static final String LOOPBACK_NAMES = "IP:127.0.0.1,DNS:localhost";

  /** A new CA and server certificate for {@link #LOOPBACK_NAMES}, valid for a day. */
  public static TestCertificates create() {
    return create(LOOPBACK_NAMES);
  }

  /** A new CA and a server certificate for {@code subjectAltNames} ({@code DNS:redis.example}), valid for a day. */
  public static TestCertificates create(String subjectAltNames) {
    return create(subjectAltNames, 1);
  }

  /** A new CA and a server certificate for {@code subjectAltNames}, the server's valid for {@code days}. */
  public static TestCertificates create(String subjectAltNames, int days) {
    try {
      Path dir = Files.createTempDirectory("strangler-tls-");
      Path caKey = dir.resolve("ca.key");
      Path caCert = dir.resolve("ca.pem");
      Path serverKey = dir.resolve("server.key");
      Path request = dir.resolve("server.csr");
      Path serverCert = dir.resolve("server.pem");
      Path extensions = dir.resolve("server.ext");
      Files.writeString(extensions, "subjectAltName=" + subjectAltNames + "\nextendedKeyUsage=serverAuth\n",
          StandardCharsets.UTF_8);
      openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Strangler test CA",
          "-keyout", caKey.toString(), "-out", caCert.toString());
      openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", serverKey.toString(),
          "-out", request.toString());
      openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
          "-CAcreateserial", "-days", String.valueOf(days), "-extfile", extensions.toString(), "-out", serverCert.toString());
      Path trustStore = dir.resolve("ca.p12");
      writeTrustStore(caCert, trustStore);
      Path clientKey = dir.resolve("client.key");
      Path clientRequest = dir.resolve("client.csr");
      Path clientCert = dir.resolve("client.pem");
      Path clientExtensions = dir.resolve("client.ext");
      Files.writeString(clientExtensions, "extendedKeyUsage=clientAuth\n", StandardCharsets.UTF_8);
      openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=strangler-test-client", "-keyout",
          clientKey.toString(), "-out", clientRequest.toString());
      openssl(dir, "x509", "-req", "-in", clientRequest.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
          "-CAcreateserial", "-days", "1", "-extfile", clientExtensions.toString(), "-out", clientCert.toString());
      Path clientKeyStore = dir.resolve("client.p12");
      openssl(dir, "pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(), "-out",
          clientKeyStore.toString(), "-passout", "pass:" + TRUST_STORE_PASSWORD);
      return new TestCertificates(dir, caCert, serverCert, serverKey, trustStore, clientCert, clientKey, clientKeyStore);
    } catch (IOException e) {
      throw new UncheckedIOException("could not make test certificates with openssl", e);
    }
  }

  /** A PKCS12 trust store holding the CA, as {@code keytool -importcert} writes it, without starting a JVM for it. */
  private static void writeTrustStore(Path caCert, Path trustStore) throws IOException {
    try (InputStream in = Files.newInputStream(caCert); OutputStream out = Files.newOutputStream(trustStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      store.store(out, TRUST_STORE_PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("could not write the trust store " + trustStore, e);
    }
  }

  private static void openssl(Path dir, String... arguments) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    run(dir, command);
  }

  private static void run(Path dir, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.getFirst(), e);
    }
  }

  /** Deletes the files (a field marked JUnit's {@code @AutoClose} is deleted after its tests). */
  @Override
  public void close() {
    delete();
  }

  /** Deletes the files. */
  public void delete() {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
