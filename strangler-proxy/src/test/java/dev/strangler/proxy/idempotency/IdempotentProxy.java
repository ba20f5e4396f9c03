package dev.strangler.proxy.idempotency;

import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.SessionSupport;
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

/** A real proxy on loopback (debug headers, metrics) with idempotency keys in the Redis a test gives it, and a client that sends bodies. */
final class IdempotentProxy {

  private final Vertx vertx;
  private final ProxyMetrics metrics;
  private final HttpClient client;
  private final int port;
  private final String deployment;

  IdempotentProxy(Vertx vertx, String table, IdempotencyOptions idempotency, int trustedHops) {
    this.vertx = vertx;
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse(table), RestrictedAddresses.NONE,
        SessionSupport.OFF), RestrictedAddresses.NONE, SessionSupport.OFF);
    metrics = new ProxyMetrics(live);
    ProxyOptions options = ProxyOptions.defaults().withPublicPort(0).withDebugHeaders(true).toBuilder().trustedHops(trustedHops)
        .build();
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(options, live, metrics, DiscoveredBackends.NONE, null, null,
        null, null, null, null, idempotency);
    deployment = vertx.deployVerticle(proxy).await();
    port = proxy.actualPort();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
  }

  ProxyMetrics metrics() {
    return metrics;
  }

  /** POST {@code body} to {@code path} with headers given as name, value, name, value… */
  Reply post(String path, String body, String... headers) {
    return OnVertx.await(vertx, () -> postAsync(path, body, headers));
  }

  Future<Reply> postAsync(String path, String body, String... headers) {
    return send(HttpMethod.POST, path, body, false, headers);
  }

  /** POST without a declared length: the body goes in chunks. */
  Reply postChunked(String path, String body, String... headers) {
    return OnVertx.await(vertx, () -> send(HttpMethod.POST, path, body, true, headers));
  }

  Reply get(String path, String... headers) {
    return OnVertx.await(vertx, () -> send(HttpMethod.GET, path, null, false, headers));
  }

  private Future<Reply> send(HttpMethod method, String path, String body, boolean chunked, String... headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      all.add(headers[i], headers[i + 1]);
    }
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path).setHeaders(all))
        .compose(req -> (body == null ? req.send() : chunked ? req.setChunked(true).end(Buffer.buffer(body)).compose(v -> req.response())
            : req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString()))));
  }

  void stop() {
    client.close().await();
    vertx.undeploy(deployment).await();
  }
}
