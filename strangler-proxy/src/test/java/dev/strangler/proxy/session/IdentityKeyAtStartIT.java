package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole proxy as configured from its environment: no identity key, no extracted backend; with one, identities flow. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class IdentityKeyAtStartIT {

  private static final String KEY = "identity-key-at-start-0123456789abcdef";

  @Test
  void withoutAnIdentityKeyAProxyRefusesToStartWithARouteToAnExtractedBackend(Vertx vertx, @TempDir Path dir) throws Exception {
    Path routes = table(dir, "{extracted: catalog-service}", "http://127.0.0.1:" + FreePort.find());
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find()),
        "STRANGLER_ROUTES_FILE", routes.toString())));

    assertThatThrownBy(() -> proxy.start().await()).isInstanceOf(InvalidRouteTableException.class).hasMessageContaining(
        "route catalog-read.target: extracted backend 'catalog-service' is owed the user's verified identity, but this proxy "
            + "signs none (set STRANGLER_IDENTITY_KEY, at least 32 bytes, on every proxy)");
  }

  @Test
  void withoutAnIdentityKeyALaterFlipToAnExtractedBackendIsRefusedAndTheLastGoodTableServes(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path routes = table(dir, "legacy", "http://127.0.0.1:" + FreePort.find());
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find()),
        "STRANGLER_ROUTES_FILE", routes.toString())));
    proxy.start().await();

    table(dir, "{extracted: catalog-service}", "http://127.0.0.1:" + FreePort.find());

    await().atMost(Duration.ofSeconds(3)).until(() -> proxy.live().lastRejection() != null);
    assertThat(proxy.live().lastRejection().problems()).singleElement().asString().contains("set STRANGLER_IDENTITY_KEY");
    assertThat(proxy.live().current().epoch()).isEqualTo(1);
    proxy.stop().await();
  }

  @Test
  void withAKeyTheProxyForwardsTheIdentityOfTheMonolithsSession(Vertx vertx, RedisNamespace ns, @TempDir Path dir) throws Exception {
    RecordingBackend catalog = RecordingBackend.start(vertx, "catalog-service");
    int port = FreePort.find();
    String namespace = SpringSessions.namespace(ns);
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port), "STRANGLER_EVENT_LOOPS", "1",
        "STRANGLER_ROUTES_FILE", table(dir, "{extracted: catalog-service}", catalog.url()).toString(),
        "STRANGLER_IDENTITY_KEY", KEY, "STRANGLER_SESSION_REDIS_URL", ns.endpoint().uri(),
        "STRANGLER_SESSION_NAMESPACE", namespace)));
    proxy.start().await();
    String id = new SpringSessions(ns.endpoint(), namespace).loggedIn(3, "customer003@acme.test", 0);

    OnVertx.await(vertx, () -> vertx.createHttpClient().request(new RequestOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/products/ACME-00001").putHeader("Cookie", "SESSION=" + SpringSessions.cookie(id)))
        .compose(req -> req.send().compose(resp -> resp.body())));

    String token = catalog.last().get(IdentityHeaders.IDENTITY);
    assertThat(new IdentityVerifier(vertx, KEY, "catalog-service").verify(token).await().customerId()).isEqualTo("3");
    proxy.stop().await();
  }

  private static Path table(Path dir, String target, String catalogUrl) throws Exception {
    return Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog-service: {urls: ["%s"]}
        routes:
          - {id: catalog-read, match: {path: /api/products/**}, target: %s}
        """.formatted(FreePort.find(), catalogUrl, target));
  }
}
