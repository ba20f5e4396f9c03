package dev.strangler.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a {@code rediss} URL trusts instead of the JVM's trust store: a PEM file of one or more CA
 * certificates, named by the URL's {@value #PARAMETER} parameter and read (and so checked) when the URL is.
 */
public final class RedisTrust {

  /** The URL parameter that names the CA file. */
  public static final String PARAMETER = "tls-ca-cert-file";

  private final Path caFile;
  private final List<Certificate> authorities;

  private RedisTrust(Path caFile, List<Certificate> authorities) {
    this.caFile = caFile;
    this.authorities = List.copyOf(authorities);
  }

  /** Reads the CA certificates of {@code path}; fails naming the parameter, the file and what is wrong. */
  static RedisTrust read(String path) {
    Path file = PemFiles.file(PARAMETER, path);
    return new RedisTrust(file, List.copyOf(PemFiles.certificates(PARAMETER, path, file)));
  }

  /** The PEM file as named. */
  public Path caFile() {
    return caFile;
  }

  /** Trust managers that trust these authorities only. */
  TrustManager[] trustManagers() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      return trust.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build a TLS context trusting " + caFile, e);
    }
  }

  @Override
  public String toString() {
    return caFile.toString();
  }
}
