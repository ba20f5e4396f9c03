package dev.strangler.proxy.shadow;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** A real proxy on loopback following a route table written as text, shadowing into {@link RecordingResults}. */
final class ShadowProxy {

  /** What the client got back. */
  record Reply(int status, MultiMap headers, String body) {}

  private final Vertx vertx;
  private final HttpClient client;
  private final int port;
  private final String deployment;
  private final Shadowing shadowing;
  final RecordingResults results = new RecordingResults();

  ShadowProxy(Vertx vertx, String table) {
    this(vertx, table, ShadowOptions.DEFAULTS);
  }

  ShadowProxy(Vertx vertx, String table, ShadowOptions options) {
    this(vertx, table, options, null);
  }

  /** With the response cache in the Redis {@code cache} names (null: none). */
  ShadowProxy(Vertx vertx, String table, ShadowOptions options, dev.strangler.proxy.cache.CacheOptions cache) {
    this(vertx, table, options, cache, live -> DiscoveredBackends.NONE);
  }

  /** With the backends of kind {@code service} found through what {@code discovery} makes of the live table. */
  ShadowProxy(Vertx vertx, String table, ShadowOptions options, dev.strangler.proxy.cache.CacheOptions cache,
              java.util.function.Function<LiveRouteTable, DiscoveredBackends> discovery) {
    this.vertx = vertx;
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse(table), RestrictedAddresses.NONE),
        RestrictedAddresses.NONE);
    shadowing = new Shadowing(options, results);
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(ProxyOptions.defaults().withPublicPort(0).withDebugHeaders(true),
        live, null, discovery.apply(live), null, null, cache, null, null, shadowing);
    deployment = vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
  }

  Reply get(String path, String... headers) {
    return send(HttpMethod.GET, path, null, headers);
  }

  /** Sends {@code body} (null: none) with its length, headers as name, value, name, value… */
  Reply send(HttpMethod method, String path, Buffer body, String... headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      all.add(headers[i], headers[i + 1]);
    }
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
            .setURI(path).setHeaders(all))
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString())))));
  }

  /** Sends {@code body} chunked, in pieces of {@code chunk} bytes, without a declared length. */
  Reply sendChunked(HttpMethod method, String path, Buffer body, int chunk) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
            .setURI(path))
        .compose(req -> {
          req.setChunked(true);
          Future<Reply> reply = req.response().compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(),
              b.toString())));
          for (int at = 0; at < body.length(); at += chunk) {
            req.write(body.slice(at, Math.min(body.length(), at + chunk)));
          }
          return req.end().compose(v -> reply);
        }));
  }

  int port() {
    return port;
  }

  int inFlight(String route) {
    return shadowing.inFlight(route);
  }

  void stop() {
    vertx.undeploy(deployment).await();
    shadowing.close();
  }
}
