package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A renewed certificate is served without a restart, on the public listener and the admin API: the real proxy
 * application, certificate files replaced as a renewal replaces them, real TLS handshakes that report what was presented.
 */
@ExtendWith(VertxExtension.class)
class CertificateRenewalIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @AutoClose
  private static final TestCertificates first = TestCertificates.create(); // read only (copied to renew): one set
  @AutoClose
  private static final TestCertificates second = TestCertificates.create(TestCertificates.LOOPBACK_NAMES, 30); // expires later
  private Path cert;
  private Path key;
  private ProxyApplication proxy;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger watchLog = (Logger) LoggerFactory.getLogger(CertificateWatch.class);

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    cert = Files.copy(first.serverCert(), dir.resolve("tls.crt"));
    key = Files.copy(first.serverKey(), dir.resolve("tls.key"));
    log.start();
    watchLog.addAppender(log);
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find())),
        Map.entry("STRANGLER_EVENT_LOOPS", "2"),
        Map.entry("STRANGLER_PUBLIC_TLS_CERT_FILE", cert.toString()), Map.entry("STRANGLER_PUBLIC_TLS_KEY_FILE", key.toString()),
        Map.entry("STRANGLER_ADMIN_HOST", "127.0.0.1"), Map.entry("STRANGLER_ADMIN_PORT", "0"),
        Map.entry("STRANGLER_ADMIN_TOKEN", "writer-token-0123456789"),
        Map.entry("STRANGLER_ADMIN_TLS_CERT_FILE", cert.toString()), Map.entry("STRANGLER_ADMIN_TLS_KEY_FILE", key.toString()),
        Map.entry("STRANGLER_TLS_RELOAD_INTERVAL_MS", "100"))));
    proxy.start().await();
  }

  @AfterEach
  void stop() throws IOException {
    watchLog.detachAppender(log);
    proxy.stop().await();
  }

  @Test
  void aRenewedCertificateIsServedToNewConnectionsOnBothListeners() throws Exception {
    X509Certificate before = presented(proxy.publicPort());
    assertThat(presented(proxy.adminPort())).isEqualTo(before);

    renew(second.serverCert(), second.serverKey());

    X509Certificate renewed = certificate(second.serverCert());
    await().atMost(WAIT).untilAsserted(() -> assertThat(presented(proxy.publicPort())).isEqualTo(renewed));
    await().atMost(WAIT).untilAsserted(() -> assertThat(presented(proxy.adminPort())).isEqualTo(renewed));
    assertThat(before).isEqualTo(certificate(first.serverCert()));
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
        .contains("public listener TLS certificate reloaded from " + cert, "admin API TLS certificate reloaded from " + cert);
  }

  @Test
  void whenTheServedCertificateExpiresIsAMetricThatFollowsTheRenewal() throws Exception {
    long firstExpiry = certificate(first.serverCert()).getNotAfter().toInstant().getEpochSecond();
    long renewedExpiry = certificate(second.serverCert()).getNotAfter().toInstant().getEpochSecond();
    assertThat(expiry("public")).isEqualTo(firstExpiry);
    assertThat(expiry("admin")).isEqualTo(firstExpiry);

    renew(second.serverCert(), second.serverKey());

    await().atMost(WAIT).untilAsserted(() -> assertThat(expiry("public")).isEqualTo(renewedExpiry));
    await().atMost(WAIT).untilAsserted(() -> assertThat(expiry("admin")).isEqualTo(renewedExpiry));
    assertThat(renewedExpiry - firstExpiry).as("the renewal lasts longer").isGreaterThan(86_400L);
  }

  /** {@code strangler_tls_certificate_not_after_seconds} of a listener, as the admin API's scrape says. */
  private long expiry(String listener) throws Exception {
    String scrape = overTls(proxy.adminPort(), "GET /admin/metrics HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer writer-token-0123456789\r\nConnection: close\r\n\r\n");
    String prefix = "strangler_tls_certificate_not_after_seconds{listener=\"" + listener + "\"} ";
    return scrape.lines().filter(line -> line.startsWith(prefix)).findFirst()
        .map(line -> (long) Double.parseDouble(line.substring(prefix.length()))).orElseThrow();
  }

  @Test
  void aPairThatDoesNotLoadIsRefusedAndThePreviousCertificateStays() throws Exception {
    X509Certificate before = presented(proxy.publicPort());

    renew(second.serverCert(), first.serverKey()); // a key that is not the certificate's

    await().atMost(WAIT).until(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage()
        .startsWith("public listener TLS files changed but not reloaded, the previous certificate stays: ")));
    assertThat(presented(proxy.publicPort())).isEqualTo(before);

    renew(second.serverCert(), second.serverKey()); // the rest of the renewal arrives
    await().atMost(WAIT).untilAsserted(() -> assertThat(presented(proxy.publicPort())).isEqualTo(certificate(second.serverCert())));
  }

  /** Replaces both files the way a renewal does: each written beside, then moved into place. */
  private void renew(Path newCert, Path newKey) throws IOException {
    Files.copy(newKey, dir.resolve("tls.key.new"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(dir.resolve("tls.key.new"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.copy(newCert, dir.resolve("tls.crt.new"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(dir.resolve("tls.crt.new"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The certificate a new TLS connection to {@code port} is shown (trusting anything: what is shown is the question). */
  private static X509Certificate presented(int port) throws Exception {
    try (SSLSocket socket = trustingAnything(port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** What the server answers {@code request} with, read until it closes. */
  private static String overTls(int port, String request) throws Exception {
    try (SSLSocket socket = trustingAnything(port)) {
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static SSLSocket trustingAnything(int port) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
