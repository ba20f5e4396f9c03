package dev.strangler.proxy.session;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.SessionSupport;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * A proxy on loopback (one event loop, so one session connection) in front of a monolith stand-in and
 * catalog-service, resolving sessions with {@code options}; the route table the session tests share.
 */
public final class SessionProxy {

  static final String KEY = "the-shared-identity-key-of-the-tests-0123456789";
  static final String SERVICE = "catalog-service";

  /** What the client got back. */
  record Reply(int status, MultiMap headers, String body) {}

  final RecordingBackend legacy;
  final RecordingBackend catalog;
  private final Vertx vertx;
  private final HttpClient client;
  private final int port;

  SessionProxy(Vertx vertx, SessionOptions options) {
    this.vertx = vertx;
    legacy = RecordingBackend.start(vertx, "legacy");
    catalog = RecordingBackend.start(vertx, SERVICE);
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["%s"]}
          catalog-service: {urls: ["%s"]}
          stopped-service: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - {id: catalog-read, match: {path: /api/products/**}, target: {extracted: catalog-service}}
          - {id: account, match: {path: /api/account/**}, target: {extracted: catalog-service}, requireSession: true}
          - {id: orders, match: {path: /api/orders/**}, target: legacy, requireSession: true}
          - {id: reviews, match: {path: /api/reviews/**}, target: {canary: {backend: catalog-service, percent: 100}}}
          - {id: search, match: {path: /api/search}, target: {shadow: {primary: catalog-service, candidate: legacy}}}
          - {id: categories, match: {path: /api/categories, methods: [GET]}, target: {extracted: stopped-service}, fallbackToLegacy: true}
        """.formatted(legacy.url(), catalog.url(), dev.strangler.testsupport.FreePort.find())), RestrictedAddresses.NONE, SessionSupport.ON),
        RestrictedAddresses.NONE, SessionSupport.ON);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0), live, null,
        dev.strangler.proxy.forward.DiscoveredBackends.NONE, options);
    vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient();
  }

  /** Session options of the tests: every default but the namespace and the key. */
  static SessionOptions options(String redisUrl, String namespace) {
    return SessionOptions.defaults(redisUrl, IdentityKey.of(KEY)).withNamespace(namespace);
  }

  /** Session options for the sessions of {@link SpringSessions#of}. */
  public static SessionOptions options(dev.strangler.testsupport.RedisNamespace ns) {
    return options(ns.endpoint().uri(), SpringSessions.namespace(ns));
  }

  Reply get(String path, String sessionId) {
    return get(path, sessionId, MultiMap.caseInsensitiveMultiMap());
  }

  /** GET {@code path} with the monolith's session cookie for {@code sessionId} (none when null) and {@code headers}. */
  Reply get(String path, String sessionId, MultiMap headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    if (sessionId != null) {
      all.add("Cookie", "theme=dark; SESSION=" + SpringSessions.cookie(sessionId));
    }
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
            .setPort(port).setURI(path).setHeaders(all))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString())))));
  }
}
