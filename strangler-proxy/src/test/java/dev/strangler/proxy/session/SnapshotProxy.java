package dev.strangler.proxy.session;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.SessionSupport;
import dev.strangler.proxy.route.ShadowPolicy;
import dev.strangler.proxy.shadow.ShadowOptions;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.proxy.shadow.Shadowing;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisEndpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on loopback shadowing checkout to a candidate as sandboxed copies with a session snapshot of the cart, in
 * front of a monolith stand-in that clears the session's cart the moment a checkout reaches it (before it answers), as
 * a real checkout does once its order commits; {@code /api/snap} is a route with the snapshot whose monolith leaves the
 * cart alone, {@code /api/quick} the same without the snapshot.
 */
final class SnapshotProxy {

  /** What the client got back. */
  record Reply(int status, String body) {}

  /** The route table of the tests, as text. */
  static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}, orders: {urls: ["%s"]}}
      routes:
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {sandbox: true, sandboxSession: [cart], maxInFlight: 1000}
        - id: snap
          match: {path: /api/snap, methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {sandbox: true, sandboxSession: [cart], maxInFlight: 1000}
        - id: quick
          match: {path: /api/quick, methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {sandbox: true, maxInFlight: 1000}
        - id: plain
          match: {path: /plain}
          target: legacy
      """;

  final RecordingBackend candidate;
  final List<MultiMap> legacySeen = new CopyOnWriteArrayList<>();
  final Drops drops = new Drops();
  private final Vertx vertx;
  private final Redis sessionsRedis;
  private final Shadowing shadowing;
  private final HttpClient client;
  private final int port;

  SnapshotProxy(Vertx vertx, RedisEndpoint redis, String namespace) {
    this.vertx = vertx;
    SessionOptions options = SessionProxy.options(redis.uri(), namespace);
    sessionsRedis = Redis.createClient(vertx, redis.uri());
    HttpServer legacy = vertx.createHttpServer().requestHandler(req -> {
      legacySeen.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
      Cookie cookie = req.getCookie("SESSION");
      Future<?> cleared = cookie == null || !req.path().equals("/api/orders") ? Future.succeededFuture()
          : sessionsRedis.send(Request.cmd(Command.HDEL).arg(options.sessionKey(new String(
              Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8))).arg("sessionAttr:cart"));
      // The body is asked for at once too: a request left unread meanwhile would be over before anyone read it.
      Future.join(cleared, req.body()).onComplete(done -> req.response().end("legacy"));
    }).listen(0, "127.0.0.1").await();
    candidate = RecordingBackend.start(vertx, "orders");
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse(TABLE.formatted(
        "http://127.0.0.1:" + legacy.actualPort(), candidate.url())), RestrictedAddresses.NONE, SessionSupport.ON),
        RestrictedAddresses.NONE, SessionSupport.ON);
    shadowing = new Shadowing(ShadowOptions.DEFAULTS, drops);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), live, null,
        DiscoveredBackends.NONE, options, null, null, null, null, shadowing);
    vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  /** POST {@code path} with the session cookie of {@code sessionId} (none when null) and {@code headers}. */
  Reply post(String path, String sessionId, String... headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      all.add(headers[i], headers[i + 1]);
    }
    if (sessionId != null) {
      all.add("Cookie", "SESSION=" + SpringSessions.cookie(sessionId));
    }
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
            .setPort(port).setURI(path).setHeaders(all))
        .compose(req -> req.send("{}").compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString())))));
  }

  /** The session snapshot the latest copy carried, decoded; null when it carried none. */
  JsonObject lastSnapshot() {
    String value = candidate.last().get(ShadowPolicy.SANDBOX_SESSION_HEADER);
    return value == null ? null : new JsonObject(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8));
  }

  void stop() {
    shadowing.close();
    sessionsRedis.close();
  }

  /** Drops counted by reason; outcomes ignored. */
  static final class Drops implements ShadowResults {
    private final Map<DropReason, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void compared(dev.strangler.proxy.shadow.ShadowOutcome outcome) {}

    @Override
    public void dropped(String routeId, DropReason reason) {
      counts.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    int of(DropReason reason) {
      AtomicInteger n = counts.get(reason);
      return n == null ? 0 : n.get();
    }

    int all() {
      return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }
}
