package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.proxy.cache.ResponseCache;
import dev.strangler.proxy.idempotency.IdempotencyStep;
import dev.strangler.proxy.observe.LogLines;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisSentinels;
import dev.strangler.testsupport.RedisWithAcl;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy under its least-privilege user of ops/redis/users.acl: its route table works, other components' keys don't;
 * the whole proxy, every Redis feature on that user, works.
 */
@ExtendWith(VertxExtension.class)
class ProxyAclIT {

  private static final Path USERS = Path.of("../ops/redis/users.acl");
  private static final RouteTableFollower.Options FAST =
      new RouteTableFollower.Options(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));

  @Test
  void theProxyUserPublishesAndFollowsTheRouteTableAndIsRefusedOutsideItsKeys(Vertx vertx) {
    try (RedisWithAcl server = RedisWithAcl.start(USERS)) {
      String url = server.url("strangler-proxy", "proxy-change-me");
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(url));
      RedisRouteStore store = new RedisRouteStore(redis, RouteStoreKeys.defaults(), Duration.ofSeconds(2), Clock.systemUTC());
      LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, Tables.catalogAt("legacy"), RestrictedAddresses.NONE),
          RestrictedAddresses.NONE);
      new RouteTableFollower(vertx, redis, store, live, "a", FAST, Clock.systemUTC()).start().await();

      long epoch = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();

      await().atMost(Duration.ofSeconds(3)).until(() -> live.current().epoch() == epoch);
      assertThat(redis.send(Request.cmd(Command.SET).arg("strangler:ratelimit:probe").arg("1")).await()).hasToString("OK");
      assertThat(redis.send(Request.cmd(Command.XREVRANGE).arg("strangler:events:product").arg("+").arg("-")).await()).isEmpty();
      for (Request outside : new Request[] {
          Request.cmd(Command.SET).arg("strangler:relay:outbox-relay:lease").arg("me"),
          Request.cmd(Command.XADD).arg("strangler:events:product").arg("*").arg("forged").arg("1"),
          Request.cmd(Command.GET).arg("catalog:product:ACME-1"),
          Request.cmd(Command.FLUSHALL)}) {
        assertThat(catchThrowable(() -> redis.send(outside).await())).as(outside.command().toString()).hasMessageStartingWith("NOPERM");
      }
    }
  }

  /**
   * Every Redis-backed feature of a proxy started from its settings, each Redis URL on the proxy's user: the route table
   * (and the fleet's applied epochs), the response cache, a rate limit, idempotency keys, the capture stream, shadow
   * results, route traffic and the playbook journal, with sessions, discovery and the event streams configured. A key
   * family missing from the user's patterns fails its feature here with NOPERM.
   */
  @Test
  void theWholeProxyWorksUnderItsUser(Vertx vertx) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (RedisWithAcl server = RedisWithAcl.start(USERS); LogLines audit = LogLines.audit()) {
      String url = server.url("strangler-proxy", "proxy-change-me");
      ScriptedBackend legacy = ScriptedBackend.start(vertx);
      ScriptedBackend catalog = ScriptedBackend.start(vertx);
      Redis admin = Redis.createClient(vertx, RedisClientOptions.of(server.adminUrl()));
      RedisRouteStore store = new RedisRouteStore(admin, RouteStoreKeys.defaults(), Duration.ofSeconds(2), Clock.systemUTC());
      long epoch = store.publishNext(RouteTableCodec.parse(WHOLE_TABLE.formatted(legacy.url(), catalog.url())), "alice", "acl")
          .await().epoch();
      int port = FreePort.find();
      Map<String, String> env = new HashMap<>(Map.of(
          "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port), "STRANGLER_EVENT_LOOPS", "1",
          "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", "0", "STRANGLER_ADMIN_TOKEN", TOKEN,
          ProxyConfig.ENV_REDIS_URL, url, "STRANGLER_SHADOW_RESULTS_FLUSH_MS", "50",
          ProxyConfig.ENV_SESSION_REDIS_URL, url, ProxyConfig.ENV_DISCOVERY_REDIS_URL, url));
      env.putAll(Map.of(ProxyConfig.ENV_EVENTS_REDIS_URL, url, "STRANGLER_CACHE_TIMEOUT_MS", "2000",
          "STRANGLER_RATE_LIMIT_TIMEOUT_MS", "2000", "STRANGLER_IDEMPOTENCY_TIMEOUT_MS", "2000",
          "STRANGLER_IDENTITY_KEY", "acl-test-identity-key-0123456789abcdef", "STRANGLER_DEBUG_HEADERS", "true"));
      ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(env));
      proxy.start().await();
      try {
        HttpClient client = vertx.createHttpClient();
        Call call = new Call(vertx, client, port, proxy.adminPort());

        assertThat(proxy.live().current().epoch()).isEqualTo(epoch);
        await().atMost(Duration.ofSeconds(5)).until(() -> call.admin(HttpMethod.GET, "/admin/fleet", null).body(),
            body -> body.contains("\"epoch\":" + epoch) && body.contains("\"allApplied\":true"));
        assertThat(call.send(HttpMethod.GET, "/pages/home", null).headers().get(ResponseCache.DEBUG_HEADER)).isEqualTo("miss");
        await().atMost(Duration.ofSeconds(5)).until(() -> call.send(HttpMethod.GET, "/pages/home", null).headers()
            .get(ResponseCache.DEBUG_HEADER), "hit"::equals);
        assertThat(call.send(HttpMethod.GET, "/api/search", null).status()).isEqualTo(200);
        assertThat(call.send(HttpMethod.GET, "/api/search", null).status()).isEqualTo(429);
        Reply order = call.send(HttpMethod.POST, "/api/checkout", "k-1");
        Reply retry = call.send(HttpMethod.POST, "/api/checkout", "k-1");
        assertThat(order.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(order.body());
        assertThat(retry.headers().get(IdempotencyStep.REPLAYED)).isEqualTo("true");
        for (int i = 0; i < 3; i++) {
          assertThat(call.send(HttpMethod.GET, "/api/products/" + i, null).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.send(Request.cmd(Command.XLEN).arg("strangler:capture"))
            .await().toLong(), n -> n >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> call.admin(HttpMethod.GET, "/admin/shadow", null).body(),
            body -> body.contains("\"route\":\"products\"") && body.contains("\"matched\":3"));
        assertThat(call.send(HttpMethod.GET, "/api/reviews/1", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> call.admin(HttpMethod.GET, "/admin/traffic/reviews", null).body(),
            body -> body.contains("\"extracted\":{\"requests\":1"));
        Reply started = call.admin(HttpMethod.POST, "/admin/playbooks/catalog/transitions", new JsonObject().put("kind", "started")
            .put("step", "shadow").put("stepIndex", 0).put("steps", 3).put("state", "soaking").encode());
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(call.admin(HttpMethod.GET, "/admin/playbooks/catalog", null).body()).contains("\"state\":\"soaking\"");
        URI registered = URI.create(catalog.url());
        new RedisServiceRegistry(vertx, DiscoveryOptions.of(server.url("catalog-service", "catalog-change-me"), "strangler:"))
            .register("catalog-service", registered.getHost(), registered.getPort(), "1").await();
        await().atMost(Duration.ofSeconds(10)).until(() -> call.send(HttpMethod.GET, "/api/listed/1", null).status(), s -> s == 200);
        Reply flipped = call.admin(HttpMethod.POST, "/admin/routes/reviews/flip", "{\"target\":\"legacy\"}");
        assertThat(flipped.status()).as(flipped.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.live().current().epoch() == epoch + 1);
        assertThat(audit.lines()).isNotEmpty();
      } finally {
        proxy.stop().await();
      }
    } finally {
      root.detachAppender(logged);
    }
    // What the requests above don't show (discovery refreshes, the event feed, the fleet heartbeat) would log its refusal.
    synchronized (logged) {
      assertThat(logged.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).contains("NOPERM"));
    }
  }

  private static final String TOKEN = "writer-token-0123456789";
  private static final String WHOLE_TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}, catalog: {urls: ["%s"]}, discovered: {service: catalog-service}}
      routes:
        - {id: page, match: {path: "/pages/{name}", methods: [GET]}, target: legacy, cache: {ttl: 60s}}
        - {id: search, match: {path: /api/search}, target: legacy, rateLimit: {rate: 1/m, burst: 1, key: ip, onRedisDown: closed}}
        - id: checkout
          match: {path: /api/checkout, methods: [POST]}
          target: legacy
          capture: {percent: 100}
          idempotency: {mode: require}
        - id: products
          match: {path: /api/products/**, methods: [GET]}
          target: {shadow: {primary: legacy, candidate: catalog}}
        - {id: reviews, match: {path: /api/reviews/**}, target: {extracted: catalog}}
        - {id: listed, match: {path: /api/listed/**}, target: {extracted: discovered}}
      """;

  private record Reply(int status, MultiMap headers, String body) {}

  /** Requests to the proxy's public and admin ports. */
  private record Call(Vertx vertx, HttpClient client, int port, int adminPort) {

    /** A request to the public port; a non-null {@code idempotencyKey} is sent with a body. */
    Reply send(HttpMethod method, String path, String idempotencyKey) {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
      if (idempotencyKey != null) {
        options.putHeader("Idempotency-Key", idempotencyKey).putHeader("Content-Type", "application/json");
      }
      return exchange(options, idempotencyKey == null ? null : "{\"cart\":1}");
    }

    /** A request to the admin API with the writer's token; {@code json} the body of a mutation. */
    Reply admin(HttpMethod method, String path, String json) {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(adminPort).setURI(path)
          .putHeader("Authorization", "Bearer " + TOKEN);
      if (json != null) {
        options.putHeader("Content-Type", "application/json");
      }
      return exchange(options, json);
    }

    private Reply exchange(RequestOptions options, String body) {
      return OnVertx.await(vertx, () -> client.request(options).compose(req -> (body == null ? req.send() : req.send(body))
          .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString())))));
    }
  }

  @Test
  void theProxyUserFollowsTheRouteTableThroughSentinelsThatKnowIt(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.startWithAcl(USERS)) {
      String url = sentinels.url().replace("redis-sentinel://", "redis-sentinel://strangler-proxy:proxy-change-me@");
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(url));
      RedisRouteStore store = new RedisRouteStore(redis, RouteStoreKeys.defaults(), Duration.ofSeconds(2), Clock.systemUTC());
      LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, Tables.catalogAt("legacy"), RestrictedAddresses.NONE),
          RestrictedAddresses.NONE);
      new RouteTableFollower(vertx, redis, store, live, "a", FAST, Clock.systemUTC()).start().await();

      long epoch = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();

      await().atMost(Duration.ofSeconds(3)).until(() -> live.current().epoch() == epoch);
      assertThat(catchThrowable(() -> redis.send(Request.cmd(Command.GET).arg("catalog:product:ACME-1")).await()))
          .hasMessageStartingWith("NOPERM");
    }
  }
}
