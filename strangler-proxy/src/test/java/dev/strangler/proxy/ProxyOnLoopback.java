package dev.strangler.proxy;

import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.SessionSupport;
import dev.strangler.proxy.session.SessionOptions;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A real proxy on loopback (one event loop, debug headers on, metrics) following a route table written as text, with
 * the cache and rate limit Redis a test gives it; and a client to call it with.
 */
public final class ProxyOnLoopback {

  /** What the client got back. */
  public record Reply(int status, MultiMap headers, String body) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx;
  private final LiveRouteTable live;
  private final ProxyMetrics metrics;
  private final HttpClient client;
  private final int port;
  private final String deployment;

  private ProxyOnLoopback(Vertx vertx, String table, CacheOptions cache, RateLimitOptions rateLimit, SessionOptions sessions,
                          int trustedHops) {
    this.vertx = vertx;
    SessionSupport support = sessions == null ? SessionSupport.OFF : SessionSupport.ON;
    live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse(table), RestrictedAddresses.NONE, support),
        RestrictedAddresses.NONE, support);
    metrics = new ProxyMetrics(live);
    ProxyOptions options = ProxyOptions.defaults().withPublicPort(0).withDebugHeaders(true).toBuilder().trustedHops(trustedHops).build();
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(options, live, metrics, DiscoveredBackends.NONE, sessions, null,
        cache, rateLimit);
    deployment = vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
  }

  public static ProxyOnLoopback start(Vertx vertx, String table, CacheOptions cache, RateLimitOptions rateLimit) {
    return new ProxyOnLoopback(vertx, table, cache, rateLimit, null, 0);
  }

  public static ProxyOnLoopback start(Vertx vertx, String table, CacheOptions cache, RateLimitOptions rateLimit,
                                      SessionOptions sessions, int trustedHops) {
    return new ProxyOnLoopback(vertx, table, cache, rateLimit, sessions, trustedHops);
  }

  /** The public port, for raw-socket clients. */
  public int port() {
    return port;
  }

  public LiveRouteTable live() {
    return live;
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  /** GET {@code path} with headers given as name, value, name, value… */
  public Reply get(String path, String... headers) {
    return send(HttpMethod.GET, path, headers);
  }

  public Reply send(HttpMethod method, String path, String... headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      all.add(headers[i], headers[i + 1]);
    }
    return OnVertx.await(vertx, () -> sendAsync(method, path, all));
  }

  /** The same, for calls made from a Vert.x context (load tests). */
  public io.vertx.core.Future<Reply> sendAsync(HttpMethod method, String path, MultiMap headers) {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
            .setHeaders(headers))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString()))));
  }

  public void stop() {
    vertx.undeploy(deployment).await();
  }
}
