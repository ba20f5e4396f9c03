package dev.strangler.proxy.edge;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

/**
 * TLS on a listener: its certificate chain and private key, PEM files loaded at start and read again every
 * {@code reloadInterval} ({@link CertificateWatch}: a renewed pair is served without a restart). HTTP/1.1 only, no
 * ALPN, so every request still passes the edge's strict decoder.
 *
 * @param certificateChain the server certificate first, then its intermediates
 * @param privateKey the certificate's private key, unencrypted PEM (PKCS#8, or PKCS#1 RSA)
 * @param reloadInterval how often the files are read for a renewal; zero: never (a new certificate takes a restart)
 * @param clientCa PEM certificates of the CA(s) a client's certificate must be signed by: with it, a client without
 *     such a certificate fails the handshake (mutual TLS); null: no client certificate is asked for
 */
public record ListenerTls(Path certificateChain, Path privateKey, Duration reloadInterval, Path clientCa) {

  public ListenerTls {
    Objects.requireNonNull(certificateChain, "certificateChain == null");
    Objects.requireNonNull(privateKey, "privateKey == null");
    Objects.requireNonNull(reloadInterval, "reloadInterval == null");
  }

  /** No client certificates asked for. */
  public ListenerTls(Path certificateChain, Path privateKey, Duration reloadInterval) {
    this(certificateChain, privateKey, reloadInterval, null);
  }

  /** Read again every {@link CertificateWatch#DEFAULT_INTERVAL}; no client certificates asked for. */
  public ListenerTls(Path certificateChain, Path privateKey) {
    this(certificateChain, privateKey, CertificateWatch.DEFAULT_INTERVAL);
  }

  /** The same, asking clients for a certificate signed by {@code ca}. */
  public ListenerTls withClientCa(Path ca) {
    return new ListenerTls(certificateChain, privateKey, reloadInterval, ca);
  }

  /** Vert.x's options for these files. */
  public PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(certificateChain.toString()).setKeyPath(privateKey.toString());
  }

  /** TLS on {@code options}: the certificate and, with a client CA, client certificates required. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    options.setSsl(true).setKeyCertOptions(keyCert());
    if (clientCa != null) {
      options.setTrustOptions(clientTrust()).setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  /** The same as options a running listener takes ({@link CertificateWatch}): renewals keep asking for client certificates. */
  public ServerSSLOptions serverSsl() {
    ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(keyCert());
    if (clientCa != null) {
      ssl.setTrustOptions(clientTrust()).setClientAuth(ClientAuth.REQUIRED);
    }
    return ssl;
  }

  private PemTrustOptions clientTrust() {
    return new PemTrustOptions().addCertPath(clientCa.toString());
  }

  /**
   * Loads the pair as the listener will, so a file that can't serve fails the start with why; null when it can.
   * Checked before the listener starts: a listen failure would only say that it failed.
   */
  public String problem(Vertx vertx) {
    if (clientCa != null) {
      String ca = caProblem();
      if (ca != null) {
        return ca;
      }
    }
    try {
      KeyManager[] managers = keyCert().getKeyManagerFactory(vertx).getKeyManagers();
      return managers.length == 1 && managers[0] instanceof X509KeyManager keys && !matches(keys)
          ? privateKey + " is not the key of the certificate in " + certificateChain : null;
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return encrypted() ? privateKey + " is an encrypted private key; the proxy reads an unencrypted one"
          + " (openssl pkey -in " + privateKey.getFileName() + " -out plain.pem), kept readable by the proxy only"
          : "can't use " + certificateChain + " with " + privateKey + ": " + why;
    }
  }

  /**
   * Whether the key signs what the certificate's public key verifies (a loader pairs any key with any certificate; a
   * listener given a mismatched pair would fail every handshake).
   */
  private static boolean matches(X509KeyManager keys) throws GeneralSecurityException {
    for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS"}) {
      String[] aliases = keys.getServerAliases(type, null);
      if (aliases == null) {
        continue;
      }
      for (String alias : aliases) {
        PrivateKey key = keys.getPrivateKey(alias);
        X509Certificate[] chain = keys.getCertificateChain(alias);
        if (key != null && chain != null && chain.length > 0) {
          return signsFor(key, chain[0].getPublicKey());
        }
      }
    }
    return true; // a key type not tried here: the listener's own handshake is the judge
  }

  private static boolean signsFor(PrivateKey key, PublicKey certified) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm().equals("EdDSA") ? "EdDSA" : key.getAlgorithm();
      default -> null;
    };
    if (algorithm == null) {
      return true;
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(certified);
    } catch (InvalidKeyException e) {
      return false; // the certificate holds another kind of key
    }
    verifier.update(challenge);
    return verifier.verify(signature);
  }

  /** Whether the client CA file holds a certificate; why not, else null. */
  private String caProblem() {
    try (InputStream in = Files.newInputStream(clientCa)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty() ? noCertificate() : null;
    } catch (IOException | GeneralSecurityException e) {
      return noCertificate() + ": " + e.getMessage();
    }
  }

  private String noCertificate() {
    return clientCa + " holds no certificate (PEM) to check client certificates with";
  }

  private boolean encrypted() {
    try {
      String key = Files.readString(privateKey);
      return key.contains("ENCRYPTED PRIVATE KEY") || key.contains("Proc-Type: 4,ENCRYPTED");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
