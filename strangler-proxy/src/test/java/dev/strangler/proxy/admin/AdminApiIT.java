package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;

import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.table.FleetStatus;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.proxy.table.RedisRouteStore;
import dev.strangler.proxy.table.RouteStoreKeys;
import dev.strangler.proxy.table.RouteTableFollower;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API on its own listener, over a real Redis route store, followed by a real instance. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class AdminApiIT {

  private Vertx vertx;

  private static final String WRITER = "writer-token-0123456789";
  private static final String READER = "reader-token-0123456789";
  private static final String TABLE = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://127.0.0.1:18081"]}
        catalog: {urls: ["http://127.0.0.1:18082"]}
      routes:
        - id: catalog-read
          match: {path: /api/products/**, methods: [GET]}
          target: legacy
      """;

  private HttpClient client;
  private int port;
  private LiveRouteTable live;
  private RouteTableFollower follower;
  private RedisRouteStore store;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(ns.endpoint().uri()));
    store = new RedisRouteStore(redis, new RouteStoreKeys(ns.prefix()), Duration.ofSeconds(2), Clock.systemUTC());
    RestrictedAddresses restricted = new RestrictedAddresses(Set.of(8090), Set.of());
    live = new LiveRouteTable(RouteTable.compile(0, RouteTableCodec.parse(TABLE), restricted), restricted);
    follower = new RouteTableFollower(vertx, redis, store, live, "instance-1", RouteTableFollower.Options.DEFAULTS, Clock.systemUTC());
    follower.start().await();
    FleetStatus fleet = new FleetStatus(store, FleetStatus.DEFAULT_STALE_AFTER, Clock.systemUTC());
    AdminApi api = new AdminApi(vertx, new AdminOptions("127.0.0.1", 0, WRITER, READER), live, store, fleet, "redis");
    port = vertx.createHttpServer().requestHandler(api.router()).listen(0, "127.0.0.1").await().actualPort();
    client = vertx.createHttpClient();
    assertThat(call(HttpMethod.PUT, "/admin/routes", WRITER, "application/yaml", TABLE).status).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    follower.stop().await();
  }

  @Test
  void everyCallButHealthNeedsAValidBearerToken() {
    Reply none = call(HttpMethod.GET, "/admin/routes", null, null, null);
    assertThat(none.status).isEqualTo(401);
    assertThat(none.headers.get("WWW-Authenticate")).startsWith("Bearer");
    assertThat(call(HttpMethod.GET, "/admin/routes", "wrong-token-000000000000", null, null).status).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/admin/routes", READER, null, null).status).isEqualTo(200);
    assertThat(call(HttpMethod.GET, "/admin/health", null, null, null).status).isEqualTo(200);
  }

  @Test
  void aReadOnlyTokenCannotChangeAnything() {
    Reply reply = call(HttpMethod.POST, "/admin/routes/catalog-read/flip", READER, "application/json", "{\"target\":{\"extracted\":\"catalog\"}}");

    assertThat(reply.status).isEqualTo(403);
    assertThat(live.current().definition().route("catalog-read").orElseThrow().target()).isEqualTo(new Target.Legacy());
  }

  @Test
  void aFlipIsPublishedAppliedConfirmedAndRecordedWithActorReasonAndDiff() {
    Reply reply = call(HttpMethod.POST, "/admin/routes/catalog-read/flip?wait=true", WRITER, "application/json",
        "{\"target\": {\"canary\": {\"backend\": \"catalog\", \"percent\": 5}}, \"reason\": \"step canary-5\"}");

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.json.getLong("epoch")).isEqualTo(2);
    assertThat(reply.json.getJsonObject("fleet").getBoolean("allApplied")).isTrue();
    assertThat(live.current().epoch()).isEqualTo(2);
    JsonObject newest = call(HttpMethod.GET, "/admin/history?limit=1", READER, null, null).json.getJsonArray("versions").getJsonObject(0);
    assertThat(newest.getString("actor")).isEqualTo("ops@example.com");
    assertThat(newest.getString("reason")).isEqualTo("step canary-5");
    assertThat(newest.getJsonArray("diff").getString(0)).startsWith("~ route catalog-read").endsWith("canary(\"catalog\", 5, \"session:SESSION\")");

    Reply raise = call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json", "{\"percent\": 25}");

    assertThat(raise.json.getLong("epoch")).isEqualTo(3);
    await().atMost(Duration.ofSeconds(1)).until(() -> live.current().epoch() == 3);
    assertThat(((Target.Canary) live.current().definition().route("catalog-read").orElseThrow().target()).percent()).isEqualTo(25);
  }

  @Test
  void anInvalidFlipIsRefusedWithEveryProblemAndTrafficKeepsTheLastGoodTable() {
    Reply reply = call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json",
        "{\"target\": {\"canary\": {\"backend\": \"nowhere\", \"percent\": 150}}}");

    assertThat(reply.status).isEqualTo(422);
    assertThat(reply.json.getJsonArray("problems").getList()).containsExactly(
        "route catalog-read.target.canary.backend: unknown backend 'nowhere' (known: catalog, legacy)",
        "route catalog-read.target.canary.percent: must be from 0 to 100 (got 150)");
    assertThat(store.currentEpoch().await()).isEqualTo(1);
    assertThat(live.current().epoch()).isEqualTo(1);
  }

  @Test
  void aTablePointingAtTheProxysOwnAdminPortIsRefused() {
    Reply reply = call(HttpMethod.PUT, "/admin/routes", WRITER, "application/yaml",
        TABLE.replace("http://127.0.0.1:18082", "http://127.0.0.1:8090"));

    assertThat(reply.status).isEqualTo(422);
    assertThat(reply.json.getJsonArray("problems").getString(0)).contains("this proxy's own port 8090");
  }

  @Test
  void rollbackRepublishesAnEarlierTableAsTheNextEpoch() {
    call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json", "{\"target\": {\"extracted\": \"catalog\"}}");

    Reply reply = call(HttpMethod.POST, "/admin/rollback?wait=true", WRITER, "application/json", "{\"epoch\": 1, \"reason\": \"errors up\"}");

    assertThat(reply.json.getLong("epoch")).isEqualTo(3);
    assertThat(live.current().definition()).isEqualTo(RouteTableCodec.parse(TABLE));
    assertThat(store.history(1).await().get(0).reason()).isEqualTo("rollback to epoch 1: errors up");
    assertThat(call(HttpMethod.POST, "/admin/rollback", WRITER, "application/json", "{\"epoch\": 99}").status).isEqualTo(404);
  }

  @Test
  void aChangeBasedOnAStaleEpochIsAConflict() {
    call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json", "{\"target\": {\"extracted\": \"catalog\"}}");

    Reply reply = call(HttpMethod.PUT, "/admin/routes", WRITER, "application/yaml", TABLE, "\"1\"");

    assertThat(reply.status).isEqualTo(409);
    assertThat(reply.json.getString("detail")).contains("expected epoch 1, current is 2");
  }

  @Test
  void badRequestsGetPreciseProblems() {
    assertThat(call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json", "{oops").json.getString("detail"))
        .isEqualTo("the request body is not a JSON object");
    assertThat(call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "text/plain", "legacy").status).isEqualTo(415);
    assertThat(call(HttpMethod.POST, "/admin/routes/nope/flip", WRITER, "application/json", "{\"target\":\"legacy\"}").status).isEqualTo(404);
    assertThat(call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json", "{\"percent\": 5}").status).isEqualTo(409);
    assertThat(call(HttpMethod.GET, "/admin/history?limit=0", READER, null, null).status).isEqualTo(400);
    assertThat(call(HttpMethod.GET, "/admin/nothing", READER, null, null).status).isEqualTo(404);
  }

  @Test
  void theFleetEndpointListsEveryInstanceAndItsEpoch() {
    await().atMost(Duration.ofSeconds(2)).until(() -> call(HttpMethod.GET, "/admin/fleet", READER, null, null).json.getBoolean("allApplied"));

    JsonObject fleet = call(HttpMethod.GET, "/admin/fleet", READER, null, null).json;

    assertThat(fleet.getLong("epoch")).isEqualTo(1);
    assertThat(fleet.getJsonArray("instances").getJsonObject(0).getString("id")).isEqualTo("instance-1");
    assertThat(fleet.getJsonArray("instances").getJsonObject(0).getLong("appliedEpoch")).isEqualTo(1);
  }

  @Test
  void routesFromAFileCannotBeChangedThroughTheApi(Vertx vertx) {
    AdminApi fileBacked = new AdminApi(vertx, new AdminOptions("127.0.0.1", 0, WRITER, null), live, null, null, "file routes.yaml");
    int filePort = vertx.createHttpServer().requestHandler(fileBacked.router()).listen(0, "127.0.0.1").await().actualPort();
    int saved = port;
    port = filePort;

    Reply reply = call(HttpMethod.POST, "/admin/routes/catalog-read/flip", WRITER, "application/json", "{\"target\":\"legacy\"}");

    port = saved;
    assertThat(reply.status).isEqualTo(409);
    assertThat(reply.json.getString("detail")).isEqualTo("routes come from file routes.yaml: change that file instead");
  }

  private Reply call(HttpMethod method, String uri, String token, String contentType, String body) {
    return call(method, uri, token, contentType, body, null);
  }

  private Reply call(HttpMethod method, String uri, String token, String contentType, String body, String ifMatch) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .putHeader("X-Actor", "ops@example.com");
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
    }
    if (ifMatch != null) {
      options.putHeader("If-Match", ifMatch);
    }
    return OnVertx.await(vertx, () -> client.request(options)
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(),
            b.length() == 0 ? new JsonObject() : b.toJsonObject())))
        );
  }

  private record Reply(int status, io.vertx.core.MultiMap headers, JsonObject json) {}

}
