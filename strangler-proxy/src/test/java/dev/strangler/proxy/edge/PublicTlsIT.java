package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The public listener with TLS: real certificates (openssl), a real backend, real TLS clients on loopback. */
@ExtendWith(VertxExtension.class)
class PublicTlsIT {

  @AutoClose
  private static final TestCertificates certs = TestCertificates.create();

  private static int deploy(Vertx vertx, FakeBackend backend) {
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults().withPublicPort(0)
        .withLegacy(backend.uri()).toBuilder().publicTls(new ListenerTls(certs.serverCert(), certs.serverKey())).build());
    vertx.deployVerticle(proxy).await();
    return proxy.actualPort();
  }

  @Test
  void aRequestOverTlsReachesTheBackendSaidToHaveComeOverHttps(Vertx vertx) {
    FakeBackend backend = FakeBackend.start(vertx);
    int port = deploy(vertx, backend);
    var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certs.caCert().toString())));

    String answer = client.request(HttpMethod.GET, port, "localhost", "/api/products?page=1")
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() + " " + body)).await();

    assertThat(answer).isEqualTo("200 ok");
    FakeBackend.Seen seen = backend.only();
    assertThat(seen.uri()).isEqualTo("/api/products?page=1");
    assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(seen.headers().get("Forwarded")).contains("proto=https");
  }

  @Test
  void http2IsNotNegotiatedSoEveryRequestPassesTheStrictDecoder(Vertx vertx) {
    FakeBackend backend = FakeBackend.start(vertx);
    int port = deploy(vertx, backend);
    var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2).setTrustOptions(new PemTrustOptions().addCertPath(certs.caCert().toString())));

    String answer = client.request(HttpMethod.GET, port, "localhost", "/")
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.version() + " " + response.statusCode())).await();

    assertThat(answer).isEqualTo("HTTP_1_1 200");
  }

  @Test
  void aSmugglingAttemptOverTlsIsRefusedAndClosedBeforeTheBackend(Vertx vertx) throws Exception {
    FakeBackend backend = FakeBackend.start(vertx);
    int port = deploy(vertx, backend);

    RawHttp.Reply reply = overTls(port, "POST / HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 5\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: shop.example\r\n\r\n");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.closed()).isTrue();
    assertThat(backend.requests()).isEmpty();
  }

  @Test
  void plainHttpToTheTlsListenerIsNeverServed(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);
    int port = deploy(vertx, backend);

    RawHttp.Reply reply = RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: shop.example\r\n\r\n", 3_000);

    assertThat(reply.text()).doesNotStartWith("HTTP/1.1 200");
    assertThat(backend.requests()).isEmpty();
  }

  @Test
  void filesThatCannotServeAreRefusedWithWhy(Vertx vertx, @TempDir Path dir) throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
    Path encrypted = dir.resolve("encrypted.key");
    new ProcessBuilder("openssl", "pkcs8", "-topk8", "-in", certs.serverKey().toString(), "-out", encrypted.toString(),
        "-passout", "pass:secret").inheritIO().start().waitFor();

    Path otherKey = dir.resolve("other.key");
    new ProcessBuilder("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey.toString())
        .inheritIO().start().waitFor();

    assertThat(new ListenerTls(certs.serverCert(), certs.serverKey()).problem(vertx)).isNull();
    assertThat(new ListenerTls(certs.serverCert(), otherKey).problem(vertx))
        .isEqualTo(otherKey + " is not the key of the certificate in " + certs.serverCert());
    assertThat(new ListenerTls(garbage, certs.serverKey()).problem(vertx))
        .startsWith("can't use " + garbage + " with " + certs.serverKey() + ": ");
    assertThat(new ListenerTls(certs.serverCert(), encrypted).problem(vertx))
        .isEqualTo(encrypted + " is an encrypted private key; the proxy reads an unencrypted one"
            + " (openssl pkey -in encrypted.key -out plain.pem), kept readable by the proxy only");
  }

  /** One request over a TLS socket that trusts the test CA; reads until the proxy closes or goes quiet. */
  private static RawHttp.Reply overTls(int port, String request) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(certs.caCert())) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trustManagers.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return RawHttp.readUntilClosedOrQuiet(socket.getInputStream());
    }
  }
}
