package dev.strangler.proxy.edge;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on a listener: its certificate chain and private key, PEM files read at start (a new certificate takes a
 * restart: a rolling one across the fleet). HTTP/1.1 only, no ALPN, so every request still passes the edge's strict
 * decoder.
 *
 * @param certificateChain the server certificate first, then its intermediates
 * @param privateKey the certificate's private key, unencrypted PEM (PKCS#8, or PKCS#1 RSA)
 */
public record ListenerTls(Path certificateChain, Path privateKey) {

  public ListenerTls {
    Objects.requireNonNull(certificateChain, "certificateChain == null");
    Objects.requireNonNull(privateKey, "privateKey == null");
  }

  /** Vert.x's options for these files. */
  public PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(certificateChain.toString()).setKeyPath(privateKey.toString());
  }

  /**
   * Loads the pair as the listener will, so a file that can't serve fails the start with why; null when it can.
   * Checked before the listener starts: a listen failure would only say that it failed.
   */
  public String problem(Vertx vertx) {
    try {
      keyCert().getKeyManagerFactory(vertx);
      return null;
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return encrypted() ? privateKey + " is an encrypted private key; the proxy reads an unencrypted one"
          + " (openssl pkey -in " + privateKey.getFileName() + " -out plain.pem), kept readable by the proxy only"
          : "can't use " + certificateChain + " with " + privateKey + ": " + why;
    }
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
