package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.edge.RawHttp;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API with TLS on its listener: the real proxy application, real certificates (openssl), real TLS clients. */
@ExtendWith(VertxExtension.class)
class AdminTlsIT {

  private static final String WRITER = "writer-token-0123456789";

  @AutoClose
  private static final TestCertificates certs = TestCertificates.create(); // read only: one set for the class
  private ProxyApplication proxy;

  @BeforeEach
  void start(Vertx vertx) {
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find()), "STRANGLER_EVENT_LOOPS", "1",
        "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", "0", "STRANGLER_ADMIN_TOKEN", WRITER,
        "STRANGLER_ADMIN_TLS_CERT_FILE", certs.serverCert().toString(), "STRANGLER_ADMIN_TLS_KEY_FILE", certs.serverKey().toString())));
    proxy.start().await();
  }

  @AfterEach
  void stop() {
    proxy.stop().await();
  }

  @Test
  void theAdminApiAnswersOverTlsAndStillWantsItsToken(Vertx vertx) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certs.caCert().toString())));

    String routes = status(client, "/admin/routes", "Bearer " + WRITER).await(10, TimeUnit.SECONDS);
    String anonymous = status(client, "/admin/routes", null).await(10, TimeUnit.SECONDS);
    client.close(); // used to the end: a client no longer reachable is closed by Vert.x's cleaner, its requests unanswered

    assertThat(routes).startsWith("200 ").contains("\"epoch\"");
    assertThat(anonymous).startsWith("401 ");
  }

  @Test
  void plainHttpToTheAdminPortIsNeverServed() throws IOException {
    RawHttp.Reply reply = RawHttp.exchange(proxy.adminPort(),
        "GET /admin/routes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + WRITER + "\r\n\r\n", 3_000);

    assertThat(reply.text()).doesNotContain("\"epoch\"").doesNotStartWith("HTTP/1.1 200");
  }

  private Future<String> status(HttpClient client, String path, String authorization) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(proxy.adminPort())
        .setURI(path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return client.request(request).compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> resp.statusCode() + " " + body));
  }
}
