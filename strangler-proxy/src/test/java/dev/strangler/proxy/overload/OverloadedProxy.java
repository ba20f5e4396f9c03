package dev.strangler.proxy.overload;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.shadow.ShadowOptions;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.proxy.shadow.Shadowing;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.proxy.traffic.TrafficRecorder;
import dev.strangler.testsupport.FreePort;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A real proxy on loopback with the overload protection a test gives it, on {@code eventLoops} event loops sharing one
 * {@link Overload} (as a proxy process does), debug headers and metrics on; and a client with room for many requests.
 */
final class OverloadedProxy {

  /**
   * The defaults without lag shedding, for tests of everything else: a cold JVM on a busy machine can run late for a
   * moment, and those tests must not depend on it.
   */
  static final OverloadOptions WITHOUT_LAG = OverloadOptions.defaults().withLag(java.time.Duration.ZERO,
      OverloadOptions.DEFAULT_LAG_RECOVERY, OverloadOptions.DEFAULT_LAG_SHED_PERCENT);

  /** What a client got back, and how long it took. */
  record Reply(int status, String retryAfter, String backend, String body, long millis) {}

  private final Vertx vertx;
  private final ProxyMetrics metrics;
  private final Overload overload;
  private final HttpClient client;
  private final int port;
  private final String deployment;

  private OverloadedProxy(Vertx vertx, String table, OverloadOptions options, int eventLoops) {
    this.vertx = vertx;
    LiveRouteTable live = new LiveRouteTable(RouteTable.compile(1, RouteTableCodec.parse(table), RestrictedAddresses.NONE),
        RestrictedAddresses.NONE);
    metrics = new ProxyMetrics(live);
    overload = Overload.create(options, metrics);
    metrics.watch(overload);
    port = FreePort.find();
    ProxyOptions proxyOptions = ProxyOptions.defaults().withPublicPort(port).withDebugHeaders(true).toBuilder()
        .publicHost("127.0.0.1").build();
    Shadowing shadowing = new Shadowing(ShadowOptions.DEFAULTS, ShadowResults.NONE);
    deployment = vertx.deployVerticle(() -> new StranglerProxyVerticle(proxyOptions, live, metrics, DiscoveredBackends.NONE,
        null, null, null, null, null, shadowing, null, TrafficRecorder.NONE, overload),
        new DeploymentOptions().setInstances(eventLoops)).await();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(200));
  }

  static OverloadedProxy start(Vertx vertx, String table, OverloadOptions options, int eventLoops) {
    return new OverloadedProxy(vertx, table, options, eventLoops);
  }

  /** In front of {@code legacy} alone: one route, {@code everything}, to it. */
  static OverloadedProxy inFrontOf(Vertx vertx, HeldBackend legacy, OverloadOptions options, int eventLoops) {
    return start(vertx, """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["%s"]}
        routes:
          - {id: everything, target: legacy}
        """.formatted(legacy.url()), options, eventLoops);
  }

  /** GET {@code path}; call from a Vert.x context or wrap it in OnVertx. */
  Future<Reply> get(String path) {
    long start = System.nanoTime();
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(),
            resp.getHeader("Retry-After"), resp.getHeader("X-Strangler-Backend"), b.toString(),
            (System.nanoTime() - start) / 1_000_000))));
  }

  int port() {
    return port;
  }

  Overload overload() {
    return overload;
  }

  /** The value of the Prometheus sample named exactly {@code series} (name and labels as scraped), 0 when absent. */
  double metric(String series) {
    for (String line : metrics.scrape().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  String scrape() {
    return metrics.scrape();
  }

  void stop() {
    vertx.undeploy(deployment).await();
    overload.close();
  }
}
