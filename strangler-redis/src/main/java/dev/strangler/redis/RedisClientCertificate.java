package dev.strangler.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The certificate a {@code rediss} URL presents to Redis (mutual TLS, Redis's default {@code tls-auth-clients yes}):
 * a PEM certificate chain named by {@value #CERT_PARAMETER} and its unencrypted PKCS#8 PEM private key (RSA or EC)
 * named by {@value #KEY_PARAMETER}, both read (and checked to belong together) when the URL is.
 */
public final class RedisClientCertificate {

  /** The URL parameter that names the client's certificate chain (PEM, its own certificate first). */
  public static final String CERT_PARAMETER = "tls-cert-file";
  /** The URL parameter that names the client's private key (unencrypted PKCS#8 PEM: {@code BEGIN PRIVATE KEY}). */
  public static final String KEY_PARAMETER = "tls-key-file";

  private static final Pattern PEM_KEY = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END \\1PRIVATE KEY-----");

  private final Path certFile;
  private final Path keyFile;
  private final List<X509Certificate> chain;
  private final PrivateKey key;

  private RedisClientCertificate(Path certFile, Path keyFile, List<X509Certificate> chain, PrivateKey key) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.chain = List.copyOf(chain);
    this.key = key;
  }

  /** Reads both files; fails naming the parameter, the file and what is wrong (never the key's content). */
  static RedisClientCertificate read(String certPath, String keyPath) {
    Path certFile = PemFiles.file(CERT_PARAMETER, certPath);
    Path keyFile = PemFiles.file(KEY_PARAMETER, keyPath);
    List<X509Certificate> chain = PemFiles.certificates(CERT_PARAMETER, certPath, certFile);
    PrivateKey key = key(keyPath, keyFile);
    if (!matches(key, chain.get(0))) {
      throw PemFiles.problem(KEY_PARAMETER, keyPath, "is not the private key of the certificate in " + CERT_PARAMETER + " ('" + certPath + "')");
    }
    return new RedisClientCertificate(certFile, keyFile, chain, key);
  }

  public Path certFile() {
    return certFile;
  }

  public Path keyFile() {
    return keyFile;
  }

  /** Key managers that present this certificate (for clients that take a JDK {@link javax.net.ssl.SSLContext}). */
  KeyManager[] keyManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, none);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not load the Redis client certificate " + certFile, e);
    }
  }

  private static PrivateKey key(String path, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw PemFiles.problem(KEY_PARAMETER, path, "cannot be read (" + e.getMessage() + ")");
    }
    Matcher pem = PEM_KEY.matcher(text);
    if (!pem.find()) {
      throw PemFiles.problem(KEY_PARAMETER, path, "holds no PEM private key");
    }
    if (!pem.group(1).isEmpty()) {
      throw PemFiles.problem(KEY_PARAMETER, path, "is a " + pem.group(1).strip() + " PRIVATE KEY; give an unencrypted PKCS#8 key"
          + " ('BEGIN PRIVATE KEY'), e.g. openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
    }
    PKCS8EncodedKeySpec spec;
    try {
      spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(2)));
    } catch (IllegalArgumentException e) {
      throw PemFiles.problem(KEY_PARAMETER, path, "is not valid base64 PEM");
    }
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException notThisOne) {
        // try the next algorithm
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " keys are not supported by this JVM", e);
      }
    }
    throw PemFiles.problem(KEY_PARAMETER, path, "is not an RSA or EC private key");
  }

  /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
    byte[] probe = "strangler client certificate".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another algorithm than the certificate's
    }
  }

  @Override
  public String toString() {
    return certFile.toString();
  }
}
