package dev.strangler.proxy.security;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.observe.LogLines;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole proxy as it is deployed ({@link ProxyApplication}): public listener, admin API on a port of its own with a
 * writer and a read-only token, routes in a Redis namespace, every request to an {@link EchoBackend} until a table is
 * put; and the audit log, listened to.
 */
final class ProxyWithAdmin {

  static final String WRITER = "security-writer-token-0123456789abcdef";
  static final String READER = "security-reader-token-0123456789abcdef";
  /**
   * A route the attacks try to flip (only the admin API, and this table, knows the backend named here) and one to a
   * service found in discovery, with a path rewrite.
   */
  static final String TABLE = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["%s"]}
        admin-only-backend: {urls: ["%s"]}
        catalog: {service: catalog-service}
      routes:
        - {id: products, match: {path: /api/products/**}, target: legacy}
        - id: catalog-read
          match: {path: /api/catalog/**}
          target: {extracted: catalog}
          rewrite: {stripPrefix: /api/catalog, addPrefix: /v1}
      """;

  /** What came back from the admin API. */
  record Reply(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  final EchoBackend legacy;
  final ProxyApplication app;
  final LogLines audit;
  private final Vertx vertx;
  private final HttpClient client;
  private RedisNamespace ownNamespace;

  private ProxyWithAdmin(Vertx vertx, EchoBackend legacy, ProxyApplication app) {
    this.vertx = vertx;
    this.legacy = legacy;
    this.app = app;
    this.client = vertx.createHttpClient();
    this.audit = LogLines.audit();
  }

  /** Starts it with {@code settings} added to its environment, and puts {@link #TABLE} through the admin API. */
  static ProxyWithAdmin start(Vertx vertx, RedisNamespace ns, Map<String, String> settings) {
    EchoBackend legacy = EchoBackend.start(vertx);
    Map<String, String> env = new HashMap<>(Map.of(
        ProxyConfig.ENV_PUBLIC_HOST, "127.0.0.1", ProxyConfig.ENV_PUBLIC_PORT, String.valueOf(FreePort.find()),
        ProxyConfig.ENV_LEGACY_URL, legacy.uri().toString(), ProxyConfig.ENV_EVENT_LOOPS, "1",
        ProxyConfig.ENV_REDIS_URL, ns.endpoint().uri(), ProxyConfig.ENV_REDIS_PREFIX, ns.prefix(),
        ProxyConfig.ENV_ADMIN_HOST, "127.0.0.1", ProxyConfig.ENV_ADMIN_PORT, String.valueOf(FreePort.find()),
        ProxyConfig.ENV_ADMIN_TOKEN, WRITER, ProxyConfig.ENV_ADMIN_READ_TOKEN, READER));
    env.put(ProxyConfig.ENV_IDENTITY_KEY, "security-identity-key-0123456789abcdef");
    env.putAll(settings);
    ProxyApplication app = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(env));
    OnVertx.await(vertx, app::start);
    ProxyWithAdmin proxy = new ProxyWithAdmin(vertx, legacy, app);
    Reply put = proxy.admin(HttpMethod.PUT, "/admin/routes", MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Bearer " + WRITER).add("Content-Type", "application/yaml"), TABLE.formatted(legacy.uri(), legacy.uri()));
    if (put.status() != 200) {
      throw new IllegalStateException("the table was refused: " + put.body());
    }
    // The admin API reports the live table, which follows the store asynchronously.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> proxy.epoch() == 1);
    return proxy;
  }

  /** The Redis namespace of its routes (and discovery), when {@link #startAlone} made it. */
  RedisNamespace namespace() {
    return ownNamespace;
  }

  int publicPort() {
    return app.publicPort();
  }

  int adminPort() {
    return app.adminPort();
  }

  /** The epoch the admin API reports, read with the read-only token. */
  long epoch() {
    return admin(HttpMethod.GET, "/admin/routes", MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + READER), null)
        .json().getLong("epoch");
  }

  Reply admin(HttpMethod method, String uri, MultiMap headers, String body) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1")
            .setPort(adminPort()).setURI(uri).setHeaders(headers))
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString()))));
  }

  /** Starts one for a whole test class, on its own Vert.x and Redis namespace; {@link #close()} stops all three. */
  static ProxyWithAdmin startAlone(String label, Map<String, String> settings) {
    Vertx vertx = Vertx.vertx();
    RedisNamespace ns = dev.strangler.testsupport.RealRedis.newNamespace(label);
    ProxyWithAdmin proxy = start(vertx, ns, settings);
    proxy.ownNamespace = ns;
    return proxy;
  }

  void stop() {
    audit.close();
    OnVertx.await(vertx, app::stop);
  }

  /** Stops the proxy, and the Vert.x and namespace {@link #startAlone} made. */
  void close() {
    stop();
    if (ownNamespace != null) {
      ownNamespace.close();
      vertx.close().await();
    }
  }
}
