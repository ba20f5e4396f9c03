package dev.strangler.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** The PEM files a {@code rediss} URL names ({@link RedisTrust}, {@link RedisClientCertificate}), read and checked alike. */
final class PemFiles {

  private PemFiles() {}

  /** {@code path} as a regular file; fails naming the parameter and the path. */
  static Path file(String parameter, String path) {
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      throw problem(parameter, path, "is not a file path");
    }
    if (!Files.isRegularFile(file)) {
      throw problem(parameter, path, "is not a file");
    }
    return file;
  }

  /** The X.509 certificates of a PEM file, at least one; fails naming the parameter, the path and what is wrong. */
  static List<X509Certificate> certificates(String parameter, String path, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw problem(parameter, path, "holds no PEM certificate");
      }
      return certificates;
    } catch (IOException e) {
      throw problem(parameter, path, "cannot be read (" + e.getMessage() + ")");
    } catch (CertificateException e) {
      throw problem(parameter, path, "is not PEM X.509 certificates (" + e.getMessage() + ")");
    }
  }

  static InvalidRedisUrlException problem(String parameter, String path, String what) {
    return new InvalidRedisUrlException("Redis URL parameter " + parameter + ": '" + path + "' " + what);
  }
}
