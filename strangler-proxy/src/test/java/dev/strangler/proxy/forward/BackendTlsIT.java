package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An https backend whose certificate a private CA signed: trusted through STRANGLER_BACKEND_CA_FILE, else refused. */
@ExtendWith(VertxExtension.class)
class BackendTlsIT {

  @AutoClose
  private static final TestCertificates certs = TestCertificates.create();

  private static URI httpsBackend(Vertx vertx) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certs.serverCert().toString())
                .setKeyPath(certs.serverKey().toString())))
        .requestHandler(req -> req.response().end("over tls " + req.path())).listen(0, "127.0.0.1").await();
    return URI.create("https://127.0.0.1:" + server.actualPort());
  }

  private static String get(Vertx vertx, ProxyOptions options, String path) {
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(options.withPublicPort(0));
    vertx.deployVerticle(proxy).await();
    HttpClient client = vertx.createHttpClient(); // held until answered: an unreachable client is closed by a cleaner
    try {
      return client.request(HttpMethod.GET, proxy.actualPort(), "127.0.0.1", path)
          .compose(request -> request.send())
          .compose(response -> response.body().map(body -> response.statusCode() + " " + body)).await();
    } finally {
      client.close().await();
    }
  }

  @Test
  void aBackendSignedByTheConfiguredCaIsReachedOverTls(Vertx vertx) {
    URI backend = httpsBackend(vertx);

    String answer = get(vertx, ProxyOptions.defaults().withLegacy(backend).toBuilder().backendCa(certs.caCert()).build(), "/api/x");

    assertThat(answer).isEqualTo("200 over tls /api/x");
  }

  @Test
  void withoutTheCaTheBackendIsNotTrustedAndTheClientGetsA502(Vertx vertx) {
    URI backend = httpsBackend(vertx);

    String answer = get(vertx, ProxyOptions.defaults().withLegacy(backend), "/api/x");

    assertThat(answer).startsWith("502 ").doesNotContain("over tls");
  }

  @Test
  void aCaFileWithoutCertificatesIsRefused(Vertx vertx, @TempDir Path dir) throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

    ProxyOptions options = ProxyOptions.defaults().toBuilder().backendCa(notPem).build();

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> options.backendTrust().getTrustManagerFactory(vertx)))
        .isNotNull();
    assertThat(options.backendTrust()).isInstanceOf(PemTrustOptions.class);
  }
}
