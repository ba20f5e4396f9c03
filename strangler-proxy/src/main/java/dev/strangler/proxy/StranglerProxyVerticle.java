package dev.strangler.proxy;

import dev.strangler.proxy.cache.CacheEvents;
import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.cache.ResponseCache;
import dev.strangler.proxy.capture.CaptureEvents;
import dev.strangler.proxy.capture.CaptureSink;
import dev.strangler.proxy.capture.CaptureStep;
import dev.strangler.proxy.edge.PublicEdge;
import dev.strangler.proxy.forward.BackendHealthBoard;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.forward.ForwardedHeaders;
import dev.strangler.proxy.forward.ForwardingEvents;
import dev.strangler.proxy.forward.RequestIds;
import dev.strangler.proxy.forward.RequestObserver;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.forward.RoutingInterceptor;
import dev.strangler.proxy.idempotency.IdempotencyEvents;
import dev.strangler.proxy.idempotency.IdempotencyOptions;
import dev.strangler.proxy.idempotency.IdempotencyStep;
import dev.strangler.proxy.observe.EventLoopLag;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.observe.RequestRecorder;
import dev.strangler.proxy.overload.Admission;
import dev.strangler.proxy.overload.Overload;
import dev.strangler.proxy.overload.OverloadOptions;
import dev.strangler.proxy.ratelimit.RateLimitEvents;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.proxy.ratelimit.RateLimiter;
import dev.strangler.proxy.session.SessionGate;
import dev.strangler.proxy.shadow.ShadowOptions;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.proxy.shadow.ShadowStep;
import dev.strangler.proxy.shadow.Shadowing;
import dev.strangler.proxy.session.SessionOptions;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.proxy.traffic.TrafficRecorder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Serves public traffic on one event loop: the edge checks each request, then vertx-http-proxy
 * streams it to the backend the live route table picks. Deploy one instance per event loop.
 */
public final class StranglerProxyVerticle extends VerticleBase {

  /** Connections kept per backend address and event loop; requests waiting for one: {@link OverloadOptions#backendQueue()}. */
  public static final int DEFAULT_POOL_SIZE = 64;

  private final ProxyOptions options;
  private final LiveRouteTable live;
  private final ProxyMetrics metrics;
  private final DiscoveredBackends discovered;
  private final SessionOptions sessionOptions;
  private final BackendHealthBoard board;
  private final CacheOptions cacheOptions;
  private final RateLimitOptions rateLimitOptions;
  private final CaptureSink captureSink;
  private SessionGate sessions = SessionGate.OFF;
  private CaptureStep capture;
  private ResponseCache cache;
  private RateLimiter limiter;
  private final Shadowing shadowing;
  private final boolean ownShadowing;
  private ShadowStep shadow;
  private IdempotencyOptions idempotencyOptions;
  private IdempotencyStep idempotency;
  private TrafficRecorder traffic = TrafficRecorder.NONE;
  private HttpServer server;
  private EventLoopLag lag;
  private Overload overload;
  private boolean ownOverload;
  private Admission admission = Admission.UNLIMITED;

  /** {@code metrics} may be null: nothing is then recorded. */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics) {
    this(options, live, metrics, DiscoveredBackends.NONE);
  }

  /** With {@code discovered}, backends of kind {@code service} route to their live instances. */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered) {
    this(options, live, metrics, discovered, null);
  }

  /** With {@code sessions} (null: off), extracted backends get the user's verified identity and routes may require a session. */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions) {
    this(options, live, metrics, discovered, sessions, null);
  }

  /** With a {@code board} (null: none), this loop's ejections and breaker states show in the admin API. */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions, BackendHealthBoard board) {
    this(options, live, metrics, discovered, sessions, board, null, null);
  }

  /**
   * With the Redis of routes' caches and rate limits; null: none, so cached routes are bypassed and limited routes act as
   * with their Redis down.
   */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions, BackendHealthBoard board, CacheOptions cache,
                                RateLimitOptions rateLimit) {
    this(options, live, metrics, discovered, sessions, board, cache, rateLimit, null, null);
  }

  /**
   * With the proxy's {@code capture} sink, shared by its event loops (null: no Redis, sampled exchanges are dropped and
   * counted), and the {@code shadowing} every event loop of the proxy shares (budgets, compare workers, results; null:
   * this verticle's own, with default settings, reporting nowhere).
   */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions, BackendHealthBoard board, CacheOptions cache,
                                RateLimitOptions rateLimit, CaptureSink capture, Shadowing shadowing) {
    this.captureSink = capture;
    this.ownShadowing = shadowing == null;
    this.shadowing = shadowing != null ? shadowing : new Shadowing(ShadowOptions.DEFAULTS, ShadowResults.NONE);
    this.cacheOptions = cache;
    this.rateLimitOptions = rateLimit;
    this.sessionOptions = sessions;
    this.board = board;
    this.options = Objects.requireNonNull(options, "options == null");
    this.live = Objects.requireNonNull(live, "live == null");
    this.metrics = metrics;
    this.discovered = Objects.requireNonNull(discovered, "discovered == null");
  }

  /**
   * With the Redis of routes' idempotency keys (null: none, so {@code require} routes answer 503 to keyed requests).
   */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions, BackendHealthBoard board, CacheOptions cache,
                                RateLimitOptions rateLimit, CaptureSink capture, Shadowing shadowing,
                                IdempotencyOptions idempotency) {
    this(options, live, metrics, discovered, sessions, board, cache, rateLimit, capture, shadowing);
    this.idempotencyOptions = idempotency;
  }

  /** With where each routed request's route traffic is counted (shared by the proxy's event loops). */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions, BackendHealthBoard board, CacheOptions cache,
                                RateLimitOptions rateLimit, CaptureSink capture, Shadowing shadowing,
                                IdempotencyOptions idempotency, TrafficRecorder traffic) {
    this(options, live, metrics, discovered, sessions, board, cache, rateLimit, capture, shadowing, idempotency);
    this.traffic = Objects.requireNonNull(traffic, "traffic == null");
  }

  /** With the process's {@code overload} protection, shared by its event loops (null: this verticle's own, with the defaults). */
  public StranglerProxyVerticle(ProxyOptions options, LiveRouteTable live, ProxyMetrics metrics, DiscoveredBackends discovered,
                                SessionOptions sessions, BackendHealthBoard board, CacheOptions cache,
                                RateLimitOptions rateLimit, CaptureSink capture, Shadowing shadowing,
                                IdempotencyOptions idempotency, TrafficRecorder traffic, Overload overload) {
    this(options, live, metrics, discovered, sessions, board, cache, rateLimit, capture, shadowing, idempotency, traffic);
    this.overload = overload;
  }

  /** Every request to {@code options.legacy()}, no metrics: the proxy as it stands before any route exists. */
  public static StranglerProxyVerticle toLegacy(ProxyOptions options) {
    return new StranglerProxyVerticle(options, LiveRouteTable.legacyOnly(options.legacy()), null);
  }

  @Override
  public Future<?> start() {
    if (overload == null) {
      overload = Overload.defaults();
      ownOverload = true;
    }
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) options.connectTimeout().toMillis())
            .setMaxChunkSize(ProxyOptions.CODEC_CHUNK_SIZE)
            .setKeepAlive(true)
            .setTrustOptions(options.backendTrust()),
        new PoolOptions().setHttp1MaxSize(DEFAULT_POOL_SIZE).setMaxWaitQueueSize(overload.options().backendQueue()));
    String loop = context.deploymentID() + "-" + System.identityHashCode(this);
    admission = overload.admission(loop);
    RequestObserver observer = metrics == null ? RequestObserver.NONE : new RequestRecorder(metrics, traffic, options.accessLog());
    if (sessionOptions != null) {
      sessions = SessionGate.create(vertx, sessionOptions);
    }
    cache = cacheOptions == null ? ResponseCache.unavailable(options.debugHeaders(), events(metrics, CacheEvents.NONE))
        : ResponseCache.create(vertx, cacheOptions, options.debugHeaders(), events(metrics, CacheEvents.NONE));
    limiter = rateLimitOptions == null ? RateLimiter.unavailable(events(metrics, RateLimitEvents.NONE))
        : RateLimiter.create(vertx, rateLimitOptions, events(metrics, RateLimitEvents.NONE));
    capture = new CaptureStep(captureSink == null ? null : captureSink.writer(vertx),
        sessionOptions == null ? SessionOptions.DEFAULT_COOKIE_NAME : sessionOptions.cookieName(),
        events(metrics, CaptureEvents.NONE));
    shadow = new ShadowStep(vertx, shadowing, live, discovered, sessions, options.backendTrust());
    String cookie = sessionOptions == null ? SessionOptions.DEFAULT_COOKIE_NAME : sessionOptions.cookieName();
    idempotency = idempotencyOptions == null ? IdempotencyStep.unavailable(cookie, events(metrics, IdempotencyEvents.NONE))
        : IdempotencyStep.create(vertx, idempotencyOptions, cookie, events(metrics, IdempotencyEvents.NONE));
    RoutingInterceptor routing = new RoutingInterceptor(live, new RoutingInterceptor.Options(options.connectTimeout(),
        options.responseTimeout(), options.preserveHost(), options.debugHeaders(), options.fallbackReplayMaxBytes(), options.holdAnswerMaxBytes()), observer, discovered, vertx,
        metrics == null ? ForwardingEvents.NONE : metrics, sessions, board, new RouteStep.Steps(limiter, cache, capture, shadow,
        idempotency), admission);
    PublicEdge edge = new PublicEdge(options);
    HttpProxy proxy = HttpProxy.reverseProxy(client)
        .origin(RoutingInterceptor.origin())
        .addInterceptor(edge.interceptor(), true) // first: strips client headers before anyone adds the proxy's
        .addInterceptor(new ForwardedHeaders(options.trustedHops()), true)
        .addInterceptor(new RequestIds(), true)
        .addInterceptor(routing, true);
    lag = EventLoopLag.probe(vertx, metrics == null ? null : metrics.registry(), loop, EventLoopLag.DEFAULT_INTERVAL, admission.lag());
    return edge.guard(vertx.createHttpServer(edge.serverOptions()), proxy, overload.connections())
        .listen()
        .onSuccess(s -> server = s);
  }

  /**
   * Stops accepting connections and lets the requests in flight finish, for at most the shutdown grace (then
   * whatever is left is cut); the rest of {@link #stop()} follows once they are done. Idle keep-alive connections are
   * closed, so clients reconnect to another instance (or to this one restarted).
   */
  public Future<Void> drain() {
    return server == null ? Future.succeededFuture() : server.shutdown(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<?> stop() {
    return drain().eventually(this::release);
  }

  private Future<?> release() {
    if (lag != null) {
      lag.stop();
    }
    admission.close();
    if (ownOverload) {
      overload.close();
    }
    if (ownShadowing) {
      shadowing.close();
    }
    return sessions.close().eventually(cache::close).eventually(limiter::close).eventually(capture::close)
        .eventually(() -> shadow == null ? Future.succeededFuture() : shadow.close())
        .eventually(() -> idempotency == null ? Future.succeededFuture() : idempotency.close());
  }

  /** The metrics as {@code T} when there are any, else {@code none}. */
  @SuppressWarnings("unchecked")
  private static <T> T events(ProxyMetrics metrics, T none) {
    return metrics == null ? none : (T) metrics;
  }

  /** Serves {@code tls} to new connections from now on ({@link dev.strangler.proxy.edge.CertificateWatch}). */
  public Future<Boolean> updateTls(io.vertx.core.net.ServerSSLOptions tls) {
    return server.updateSSLOptions(tls, true);
  }

  /** The port actually bound (useful when the options asked for 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
