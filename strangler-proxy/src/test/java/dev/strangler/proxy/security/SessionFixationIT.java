package dev.strangler.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.testsupport.AcmeShopProcess;
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
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Session fixation through the proxy, against the real monolith (its jar, Spring Session in Redis): a session id the
 * attacker made up, or one the attacker got from the shop and planted in the victim's browser, is never the id of the
 * victim's logged-in session; the session cookie reaches the browser with HttpOnly and SameSite as the monolith set
 * them. (That the response cache never stores a Set-Cookie answer is {@link CachePoisoningIT}'s.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionFixationIT {

  private static final String LOGIN = "{\"email\":\"customer001@acme.test\",\"password\":\"password123\"}";

  private PostgresDatabase database;
  private RedisNamespace redis;
  private AcmeShopProcess monolith;
  private Vertx vertx;
  private HttpClient client;
  private int proxy;

  /** What came back. */
  private record Reply(int status, MultiMap headers, String body) {
    String sessionCookie() {
      return headers.getAll("Set-Cookie").stream().filter(c -> c.startsWith("SESSION=")).findFirst().orElse(null);
    }

    String sessionPair() {
      String cookie = sessionCookie();
      return cookie == null ? null : cookie.substring(0, cookie.indexOf(';'));
    }
  }

  @BeforeAll
  void start() {
    database = RealPostgres.newDatabase("session-fixation");
    redis = RealRedis.newNamespace("session-fixation");
    monolith = AcmeShopProcess.start(database, redis, Path.of("target", "session-fixation"));
    vertx = Vertx.vertx();
    StranglerProxyVerticle verticle = StranglerProxyVerticle.toLegacy(
        ProxyOptions.defaults().withPublicPort(0).withLegacy(URI.create(monolith.url())));
    vertx.deployVerticle(verticle).await();
    proxy = verticle.actualPort();
    client = vertx.createHttpClient();
  }

  @AfterAll
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (monolith != null) {
      monolith.close();
    }
    redis.close();
    database.close();
  }

  @Test
  void aSessionIdTheAttackerMadeUpIsNotAdoptedAtLogin() {
    String planted = "SESSION=" + Base64.getEncoder().encodeToString("attacker-chosen-session-id".getBytes());

    Reply login = call(HttpMethod.POST, "/api/login", planted, LOGIN);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.sessionPair()).isNotNull().isNotEqualTo(planted);
    assertThat(call(HttpMethod.GET, "/api/me", planted, null).status()).as("the planted id is not logged in").isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/api/me", login.sessionPair(), null).status()).isEqualTo(200);
  }

  @Test
  void aRealSessionTheAttackerPlantedGetsANewIdAtLoginAndStaysAnonymous() {
    Reply anonymous = call(HttpMethod.POST, "/api/cart/items", null, "{\"sku\":\"ACME-00023\",\"quantity\":1}");
    String planted = anonymous.sessionPair();
    assertThat(planted).as("the shop gave the attacker a session: " + anonymous.body()).isNotNull();

    Reply login = call(HttpMethod.POST, "/api/login", planted, LOGIN);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.sessionPair()).as("the id after login").isNotNull().isNotEqualTo(planted);
    assertThat(call(HttpMethod.GET, "/api/me", planted, null).status()).as("the attacker's id after the victim's login")
        .isEqualTo(401);
  }

  @Test
  void theSessionCookieCrossesTheProxyWithHttpOnlyAndSameSite() {
    Reply login = call(HttpMethod.POST, "/api/login", null, LOGIN);

    List<String> attributes = List.of(login.sessionCookie().split(";\\s*"));
    assertThat(attributes).contains("HttpOnly", "SameSite=Lax", "Path=/");
    assertThat(login.headers().getAll("Set-Cookie")).as("one session cookie, not duplicated by the proxy").hasSize(1);
  }

  private Reply call(HttpMethod method, String path, String cookie, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", "shop.example");
    if (cookie != null) {
      headers.add("Cookie", cookie);
    }
    if (body != null) {
      headers.add("Content-Type", "application/json");
    }
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxy)
            .setURI(path).setHeaders(headers))
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString()))));
  }
}
