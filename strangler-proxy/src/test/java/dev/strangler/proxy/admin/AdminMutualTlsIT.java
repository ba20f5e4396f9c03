package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The admin API asking clients for a certificate (mutual TLS, {@code STRANGLER_ADMIN_TLS_CLIENT_CA_FILE}): the real
 * proxy application, real certificates (openssl), real TLS clients, the real Redis under the test's namespace.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class AdminMutualTlsIT {

  private static final String WRITER = "writer-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  /** The CA that signed the proxy's certificate and the one client certificate it accepts. */
  @AutoClose
  private static final TestCertificates ours = TestCertificates.create(); // read only (copied where renewed): one set
  /** Another CA, whose client certificate the proxy must refuse. */
  @AutoClose
  private static final TestCertificates theirs = TestCertificates.create();
  private Path cert;
  private Path key;
  private ProxyApplication proxy;
  /** Every client a test made, held until it ends: Vert.x's cleaner closes a client no longer reachable, mid-request. */
  private final List<HttpClient> clients = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) throws IOException {
    cert = Files.copy(ours.serverCert(), dir.resolve("tls.crt"));
    key = Files.copy(ours.serverKey(), dir.resolve("tls.key"));
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find())),
        Map.entry("STRANGLER_EVENT_LOOPS", "1"), Map.entry("STRANGLER_LEGACY_URL", "http://127.0.0.1:9"),
        Map.entry("STRANGLER_REDIS_URL", ns.endpoint().uri()), Map.entry("STRANGLER_REDIS_PREFIX", ns.prefix()),
        Map.entry("STRANGLER_ADMIN_HOST", "127.0.0.1"), Map.entry("STRANGLER_ADMIN_PORT", "0"),
        Map.entry("STRANGLER_ADMIN_TOKEN", WRITER),
        Map.entry("STRANGLER_ADMIN_TLS_CERT_FILE", cert.toString()), Map.entry("STRANGLER_ADMIN_TLS_KEY_FILE", key.toString()),
        Map.entry("STRANGLER_ADMIN_TLS_CLIENT_CA_FILE", ours.caCert().toString()),
        Map.entry("STRANGLER_TLS_RELOAD_INTERVAL_MS", "100"))));
    proxy.start().await();
  }

  @AfterEach
  void stop() {
    clients.forEach(HttpClient::close);
    proxy.stop().await();
  }

  @Test
  void aClientWithACertificateOfTheCaIsServedAndStillNeedsItsToken(Vertx vertx) throws Exception {
    HttpClient client = client(vertx, ours);

    assertThat(answer(call(client, HttpMethod.GET, "/admin/routes", WRITER, null))).startsWith("200 ").contains("\"epoch\"");
    assertThat(answer(call(client, HttpMethod.GET, "/admin/routes", null, null))).startsWith("401 ");
  }

  @Test
  void aClientWithoutACertificateOrWithAnotherCasIsRefusedInTheHandshake(Vertx vertx) {
    HttpClient anonymous = client(vertx, null);
    HttpClient stranger = client(vertx, theirs);
    Future<String> none = call(anonymous, HttpMethod.GET, "/admin/routes", WRITER, null);
    Future<String> foreign = call(stranger, HttpMethod.GET, "/admin/routes", WRITER, null);

    assertThat(none.toCompletionStage().toCompletableFuture()).failsWithin(WAIT);
    assertThat(foreign.toCompletionStage().toCompletableFuture()).failsWithin(WAIT);
  }

  @Test
  void theCertificatesNameIsTheActorOfAChangeAndItsSubjectIsAudited(Vertx vertx) throws Exception {
    Logger audit = (Logger) LoggerFactory.getLogger("strangler.audit");
    ListAppender<ILoggingEvent> audited = new ListAppender<>();
    audited.start();
    audit.addAppender(audited);
    HttpClient client = client(vertx, ours);
    String changed;
    try {
      changed = answer(call(client, HttpMethod.PUT, "/admin/routes", WRITER, """
          apiVersion: strangler/v1
          backends: {legacy: {urls: ["http://127.0.0.1:9"]}}
          routes:
            - {id: catalog-read, match: {path: /api/products/**}, target: legacy}
          """));
    } finally {
      audit.detachAppender(audited);
    }

    assertThat(changed).startsWith("200 ");
    JsonObject newest = new JsonObject(answer(call(client, HttpMethod.GET, "/admin/history?limit=1", WRITER, null))
        .substring(4)).getJsonArray("versions").getJsonObject(0);
    assertThat(newest.getString("actor")).isEqualTo("strangler-test-client");
    assertThat(audited.list).hasSize(1);
    JsonObject line = new JsonObject(audited.list.get(0).getFormattedMessage());
    assertThat(line.getString("actor")).isEqualTo("strangler-test-client");
    assertThat(line.getString("clientCertificate")).isEqualTo("CN=strangler-test-client");
  }

  @Test
  void aRenewedServerCertificateStillAsksClientsForTheirs(Vertx vertx) throws Exception {
    Files.copy(theirs.serverKey(), key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(theirs.serverCert(), cert, StandardCopyOption.REPLACE_EXISTING);
    // Trusting both CAs: the renewed certificate is signed by the other one, which tells the renewal has been served.
    HttpClient renewedOnly = held(vertx, new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(theirs.caCert().toString()))
        .setKeyCertOptions(keyCert(ours)));
    await().atMost(WAIT).until(() -> call(renewedOnly, HttpMethod.GET, "/admin/routes", WRITER, null)
        .toCompletionStage().toCompletableFuture().handle((ok, failed) -> ok != null && ok.startsWith("200 ")).get());

    HttpClient withoutCertificate = held(vertx, new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(theirs.caCert().toString())));
    Future<String> none = call(withoutCertificate, HttpMethod.GET, "/admin/routes", WRITER, null);

    assertThat(none.toCompletionStage().toCompletableFuture()).failsWithin(WAIT);
  }

  /** A TLS client trusting our CA, presenting {@code identity}'s client certificate (none when null). */
  private HttpClient client(Vertx vertx, TestCertificates identity) {
    HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ours.caCert().toString()));
    if (identity != null) {
      options.setKeyCertOptions(keyCert(identity));
    }
    return held(vertx, options);
  }

  /**
   * A client held until the test ends, one connection per request: Vert.x 5.0.7's client left the second request on a
   * kept-alive TLS 1.3 connection with a client certificate unanswered in 2 of 30 runs here, while curl (60 of 60) and the
   * JDK's client (120 of 120, as the CLI uses it) got every answer on reused connections from the same proxy.
   */
  private HttpClient held(Vertx vertx, HttpClientOptions options) {
    HttpClient client = vertx.createHttpClient(options.setKeepAlive(false));
    clients.add(client);
    return client;
  }

  /** The answer within {@link #WAIT}: a request left unanswered fails the test instead of hanging it. */
  private static String answer(Future<String> call) throws Exception {
    return call.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static PemKeyCertOptions keyCert(TestCertificates identity) {
    return new PemKeyCertOptions().setCertPath(identity.clientCert().toString()).setKeyPath(identity.clientKey().toString());
  }

  private Future<String> call(HttpClient client, HttpMethod method, String path, String token, String yaml) {
    RequestOptions request = new RequestOptions().setMethod(method).setHost("localhost").setPort(proxy.adminPort()).setURI(path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (yaml != null) {
      request.putHeader("Content-Type", "application/yaml");
    }
    return client.request(request).compose(req -> yaml == null ? req.send() : req.send(Buffer.buffer(yaml)))
        .compose(resp -> resp.body().map(body -> resp.statusCode() + " " + body));
  }
}
