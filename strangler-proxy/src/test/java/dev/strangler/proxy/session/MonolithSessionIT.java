package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.servicekit.ProblemHandlers;
import dev.strangler.servicekit.identity.Identity;
import dev.strangler.servicekit.identity.IdentityHandler;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.testsupport.AcmeShopProcess;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end: the real monolith (its jar, on real PostgreSQL and Redis) behind the real proxy, and an extracted
 * service built with service-kit's {@link IdentityHandler}. A login on the monolith is the service's identity
 * until the logout; nobody can hand the service an identity of their own.
 */
@ExtendWith(VertxExtension.class)
class MonolithSessionIT {

  private static final Logger LOG = LoggerFactory.getLogger(MonolithSessionIT.class);
  private static final String KEY = "end-to-end-identity-key-0123456789abcdef";
  private static final String SERVICE = "account-service";

  private static PostgresDatabase database;
  private static RedisNamespace redis;
  private static AcmeShopProcess monolith;

  private Vertx vertx;
  private HttpClient client;

  @BeforeAll
  static void startMonolith() throws Exception {
    database = RealPostgres.newDatabase("monolith-session");
    redis = RealRedis.newNamespace("monolith-session");
    long start = System.nanoTime();
    monolith = AcmeShopProcess.start(database, redis, Path.of("target", "monolith-session"));
    LOG.info("monolith answered after {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  static void stopMonolith() {
    if (monolith != null) {
      monolith.close();
    }
    redis.close();
    database.close();
  }

  @Test
  void aLoginOnTheMonolithIsTheExtractedServicesIdentityUntilTheLogout(Vertx vertx, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    client = vertx.createHttpClient();
    int service = startService();
    int proxy = startProxy(dir, service);

    Reply login = call(proxy, HttpMethod.POST, "/api/login", null,
        "{\"email\":\"customer001@acme.test\",\"password\":\"password123\"}");
    assertThat(login.status).isEqualTo(200);
    String session = login.headers.getAll("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();

    long start = System.nanoTime();
    Reply whoami = call(proxy, HttpMethod.GET, "/api/account/whoami", session, null);
    LOG.info("extracted request with session resolution took {} µs", (System.nanoTime() - start) / 1_000);
    assertThat(whoami.json()).isEqualTo(new JsonObject().put("customerId", "1").put("email", "customer001@acme.test"));
    assertThat(call(proxy, HttpMethod.GET, "/api/me", session, null).json().getString("email"))
        .as("the monolith reads the same session").isEqualTo("customer001@acme.test");

    assertThat(call(proxy, HttpMethod.POST, "/api/logout", session, "").status).isEqualTo(204);

    assertThat(call(proxy, HttpMethod.GET, "/api/account/whoami", session, null).json())
        .isEqualTo(new JsonObject().put("anonymous", true));
    assertThat(call(proxy, HttpMethod.GET, "/api/account/orders", session, null).status).isEqualTo(401);
  }

  @Test
  void anIdentityHeaderNotSignedByTheProxyIsRefusedByTheServiceAndStrippedByTheProxy(Vertx vertx, @TempDir Path dir)
      throws Exception {
    this.vertx = vertx;
    client = vertx.createHttpClient();
    int service = startService();
    int proxy = startProxy(dir, service);
    JsonObject claims = new JsonObject().put("sub", "1").put("iss", IdentityVerifier.ISSUER).put("aud", SERVICE)
        .put("exp", System.currentTimeMillis() / 1000 + 60);
    String forged = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
            .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer("a-guess-at-the-key-0123456789abcdef0123")))
        .generateToken(claims, new io.vertx.ext.auth.JWTOptions());

    Reply direct = call(service, HttpMethod.GET, "/api/account/whoami", null, null, forged);
    assertThat(direct.status).isEqualTo(401);
    assertThat(direct.headers.get("Content-Type")).isEqualTo("application/problem+json");
    assertThat(direct.json().getString("detail")).isEqualTo("the identity token's signature or format is invalid");

    assertThat(call(proxy, HttpMethod.GET, "/api/account/whoami", null, null, forged).json())
        .as("through the proxy the forged header is gone").isEqualTo(new JsonObject().put("anonymous", true));
  }

  private int startService() {
    Router router = Router.router(vertx);
    router.route().handler(IdentityHandler.create(new IdentityVerifier(vertx, KEY, SERVICE)));
    router.get("/api/account/whoami").handler(ctx -> ctx.json(Identity.current(ctx)
        .map(i -> new JsonObject().put("customerId", i.customerId()).put("email", i.email()))
        .orElse(new JsonObject().put("anonymous", true))));
    router.get("/api/account/orders").handler(IdentityHandler.requireIdentity()).handler(ctx -> ctx.json(new JsonObject()));
    ProblemHandlers.install(router);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
  }

  private int startProxy(Path dir, int service) throws Exception {
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["%s"]}
          account-service: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - {id: account, match: {path: /api/account/**}, target: {extracted: account-service}}
        """.formatted(monolith.url(), service));
    int port = FreePort.find();
    new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_HOST", "127.0.0.1",
        "STRANGLER_PUBLIC_PORT", String.valueOf(port), "STRANGLER_EVENT_LOOPS", "1", "STRANGLER_ROUTES_FILE", routes.toString(),
        "STRANGLER_IDENTITY_KEY", KEY, "STRANGLER_SESSION_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_SESSION_NAMESPACE", monolith.sessionNamespace()))).start().await();
    return port;
  }

  private record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private Reply call(int port, HttpMethod method, String path, String cookie, String body) {
    return call(port, method, path, cookie, body, null);
  }

  private Reply call(int port, HttpMethod method, String path, String cookie, String body, String identity) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
        .putHeader("Content-Type", "application/json");
    if (cookie != null) {
      options.putHeader("Cookie", cookie);
    }
    if (identity != null) {
      options.putHeader(IdentityVerifier.HEADER, identity);
    }
    return OnVertx.await(vertx, () -> client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
  }
}
