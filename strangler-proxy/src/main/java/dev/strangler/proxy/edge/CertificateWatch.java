package dev.strangler.proxy.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a renewed certificate without a restart: every {@code interval} it reads a listener's TLS files, and when their
 * content changed and the new pair loads, hands it to the listener (new connections get it; open ones keep theirs).
 * A pair that does not load (a key written after its certificate, a mismatch) is refused once with a warning, and the
 * listener keeps the certificate it has until the files change again.
 */
public final class CertificateWatch {

  /** How often the files are read unless configured: a renewal is served within this. */
  public static final java.time.Duration DEFAULT_INTERVAL = java.time.Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(CertificateWatch.class);

  private final Vertx vertx;
  private final ListenerTls tls;
  private final String listener;
  private final Function<ServerSSLOptions, Future<Boolean>> update;
  // Read on a worker thread, written where the listener's update completes: volatile.
  private volatile String applied;
  private volatile String refused;
  private volatile boolean checking;
  private volatile double notAfter;
  private long timer = -1;

  /** {@code update} is the listener's {@code HttpServer::updateSSLOptions} with {@code force}: the paths never change. */
  public CertificateWatch(Vertx vertx, ListenerTls tls, String listener, Function<ServerSSLOptions, Future<Boolean>> update) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.tls = Objects.requireNonNull(tls, "tls == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.update = Objects.requireNonNull(update, "update == null");
  }

  /** Starts reading the files every {@link ListenerTls#reloadInterval()} (none when zero); what they hold now is served. */
  public CertificateWatch start() {
    applied = fingerprint();
    notAfter = notAfter(tls);
    if (!tls.reloadInterval().isZero()) {
      timer = vertx.setPeriodic(tls.reloadInterval().toMillis(), id -> check());
    }
    return this;
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void check() {
    if (checking) {
      return; // the one before is still reading or updating
    }
    checking = true;
    vertx.executeBlocking(() -> {
      String now = fingerprint();
      if (now == null || now.equals(applied) || now.equals(refused)) {
        return null;
      }
      String problem = tls.problem(vertx);
      if (problem != null) {
        refused = now;
        LOG.warn("{} TLS files changed but not reloaded, the previous certificate stays: {}", listener, problem);
        return null;
      }
      return new Renewal(now, notAfter(tls));
    }, false).onComplete(read -> {
      Renewal changed = read.succeeded() ? read.result() : null;
      if (changed == null) {
        checking = false;
        return;
      }
      update.apply(tls.serverSsl()).onComplete(done -> {
        checking = false;
        if (done.succeeded()) {
          applied = changed.fingerprint();
          notAfter = changed.notAfter();
          LOG.info("{} TLS certificate reloaded from {}", listener, tls.certificateChain());
        } else {
          refused = changed.fingerprint();
          LOG.warn("{} TLS certificate not reloaded, the previous one stays: {}", listener, done.cause().getMessage());
        }
      });
    });
  }

  /** When the certificate served expires, in seconds since the epoch; NaN when it can't be told. */
  public double notAfterSeconds() {
    return notAfter;
  }

  /** A pair that loads: its fingerprint, and when its certificate expires. */
  private record Renewal(String fingerprint, double notAfter) {}

  private static double notAfter(ListenerTls tls) {
    try (InputStream in = Files.newInputStream(tls.certificateChain())) {
      X509Certificate first = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return first.getNotAfter().toInstant().getEpochSecond();
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      return Double.NaN;
    }
  }

  /** SHA-256 over the files' bytes (the client CA's too); null while one can't be read (a renewal being written). */
  private String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] chain = Files.readAllBytes(tls.certificateChain());
      byte[] key = Files.readAllBytes(tls.privateKey());
      sha.update(chain);
      sha.update((byte) 0);
      sha.update(key);
      Arrays.fill(key, (byte) 0);
      if (tls.clientCa() != null) {
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(tls.clientCa()));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
  }
}
