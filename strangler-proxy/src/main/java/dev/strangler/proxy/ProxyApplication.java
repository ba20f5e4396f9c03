package dev.strangler.proxy;

import dev.strangler.proxy.edge.CertificateWatch;
import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceRegistry;
import dev.strangler.proxy.admin.AdminApi;
import dev.strangler.proxy.admin.AdminOptions;
import dev.strangler.proxy.admin.CaptureApi;
import dev.strangler.proxy.admin.PlaybookAdminApi;
import dev.strangler.proxy.admin.ShadowAdminApi;
import dev.strangler.proxy.admin.TrafficAdminApi;
import dev.strangler.proxy.cache.CacheInvalidator;
import dev.strangler.proxy.capture.CaptureSink;
import dev.strangler.proxy.capture.CaptureStore;
import dev.strangler.proxy.forward.BackendHealthBoard;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.observe.ProxyMetrics;
import dev.strangler.proxy.overload.Overload;
import dev.strangler.proxy.playbook.PlaybookJournal;
import dev.strangler.proxy.playbook.PlaybookKeys;
import dev.strangler.proxy.redis.BatchFlusher;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.SessionSupport;
import dev.strangler.proxy.shadow.ShadowBatch;
import dev.strangler.proxy.shadow.ShadowRecorder;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.proxy.shadow.ShadowResultsOptions;
import dev.strangler.proxy.shadow.ShadowSummaryStore;
import dev.strangler.proxy.shadow.Shadowing;
import dev.strangler.proxy.table.FileRouteSource;
import dev.strangler.proxy.table.FleetStatus;
import dev.strangler.proxy.table.LiveRouteTable;
import dev.strangler.proxy.table.RedisRouteStore;
import dev.strangler.proxy.table.RouteStoreKeys;
import dev.strangler.proxy.table.RouteTableFollower;
import dev.strangler.proxy.traffic.TrafficBatch;
import dev.strangler.proxy.traffic.TrafficKeys;
import dev.strangler.proxy.traffic.TrafficRecorder;
import dev.strangler.proxy.traffic.TrafficStore;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy process, wired from its settings: the live route table and its source, the public
 * listener on every event loop, the admin API apart from it, and metrics.
 */
public final class ProxyApplication {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyApplication.class);

  private final Vertx vertx;
  private final ProxySettings settings;
  private LiveRouteTable live;
  private RouteTableFollower follower;
  private FileRouteSource fileSource;
  private ServiceRegistry registry;
  private DiscoveredBackends discovered = DiscoveredBackends.NONE;
  private int adminPort = -1;
  private String invalidator;
  /** The deployment of the public proxy verticles, undeployed (drained) first on stop. */
  private String proxies;
  /** The proxy's event-loop verticles, as deployed. */
  private final List<StranglerProxyVerticle> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<CertificateWatch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final BackendHealthBoard board = new BackendHealthBoard();
  /** The admin API's connection to the capture stream; null without one. */
  private Redis captureRedis;
  private ShadowResults shadowResults = ShadowResults.NONE;
  private String shadowFlusher;
  private ShadowSummaryStore shadowSummaries;
  private TrafficRecorder traffic = TrafficRecorder.NONE;
  private TrafficStore trafficStore;
  private PlaybookJournal playbooks;
  private BatchFlusher flusher;
  private Overload overload;

  /** Where shadowing reports when given; null: the Redis recorder when there is a Redis for results, else metrics only. */
  private final ShadowResults givenResults;
  private Shadowing shadowing;

  public ProxyApplication(Vertx vertx, ProxySettings settings) {
    this(vertx, settings, null);
  }

  /** With where shadow comparisons and drops are reported instead of the recorder the settings make. */
  public ProxyApplication(Vertx vertx, ProxySettings settings, ShadowResults shadowResults) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.givenResults = shadowResults;
  }

  /** Starts everything; fails (with every problem) when the route table can't be loaded at all. */
  public Future<ProxyApplication> start() {
    ProxyOptions options = settings.proxy();
    RestrictedAddresses restricted = restrictedAddresses();
    live = new LiveRouteTable(RouteTable.compile(0, RouteTableDefinition.legacyOnly(options.legacy()), RestrictedAddresses.NONE),
        restricted, settings.sessions() == null ? SessionSupport.OFF : SessionSupport.ON);
    ProxyMetrics metrics = new ProxyMetrics(live);
    overload = Overload.create(settings.overload(), metrics);
    metrics.watch(overload);
    Future<Void> shadowStarted = startShadowResults(metrics);
    shadowing = new Shadowing(settings.shadow(), givenResults != null ? givenResults
        : shadowResults != ShadowResults.NONE ? shadowResults : ShadowResults.of(metrics));
    if (settings.discoveryRedisUrl() != null) {
      registry = new RedisServiceRegistry(vertx, DiscoveryOptions.of(settings.discoveryRedisUrl(), settings.routes().redisPrefix()));
      discovered = new DiscoveredBackends(vertx, registry, live, DiscoveredBackends.DEFAULT_REFRESH);
    }
    RouteSourceSettings routes = settings.routes();
    RedisRouteStore store = null;
    Future<Void> loaded;
    if (routes.file() != null) {
      fileSource = new FileRouteSource(vertx, routes.file(), live, FileRouteSource.DEFAULT_POLL_INTERVAL);
      loaded = fileSource.start();
    } else if (routes.redisUrl() != null) {
      Redis redis = SwitchingRedis.create(vertx, RedisClientOptions.of(routes.redisUrl()));
      store = new RedisRouteStore(redis, new RouteStoreKeys(routes.redisPrefix()), RedisRouteStore.DEFAULT_COMMAND_TIMEOUT, Clock.systemUTC());
      follower = new RouteTableFollower(vertx, redis, store, live, settings.instanceId(), RouteTableFollower.Options.DEFAULTS, Clock.systemUTC());
      loaded = follower.start();
    } else {
      LOG.info("no route source configured: every request goes to the monolith at {}", options.legacy());
      loaded = Future.succeededFuture();
    }
    RedisRouteStore finalStore = store;
    DiscoveredBackends finalDiscovered = discovered;
    CaptureSink capture = settings.capture() == null ? null : new CaptureSink(settings.capture(), metrics);
    return shadowStarted.compose(v -> loaded)
        .compose(v -> finalDiscovered == DiscoveredBackends.NONE ? Future.succeededFuture() : finalDiscovered.start())
        .compose(v -> vertx.deployVerticle(() -> {
              StranglerProxyVerticle verticle = new StranglerProxyVerticle(options, live, metrics, finalDiscovered,
                  settings.sessions(), board, settings.cache(), settings.rateLimit(), capture, shadowing, settings.idempotency(),
                  traffic, overload);
              listeners.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(settings.eventLoops())).onSuccess(id -> proxies = id))
        .onSuccess(id -> {
          if (options.publicTls() != null) { // the listeners share one server: updating one updates them all
            CertificateWatch watch = new CertificateWatch(vertx, options.publicTls(), "public listener",
                listeners.getFirst()::updateTls).start();
            watches.add(watch);
            metrics.watch(watch, "public");
          }
        })
        .compose(id -> settings.cache() == null ? Future.succeededFuture()
            : vertx.deployVerticle(new CacheInvalidator(live, settings.cache(), metrics)).onSuccess(d -> invalidator = d))
        .compose(id -> startAdmin(finalStore, metrics))
        .map(v -> {
          LOG.info("strangler proxy {} listening on {}:{}{} ({} event loops), routes from {}, epoch {}, admin {}, sessions {}, "
                  + "cache {}, rate limits {}, capture {}, shadow {}, shadow results {}, idempotency keys {}, "
                  + "overload protection {}",
              settings.instanceId(), options.publicHost(), options.publicPort(), options.publicTls() == null ? "" : " with TLS",
              settings.eventLoops(), routes, live.current().epoch(),
              settings.admin() == null ? "off (set STRANGLER_ADMIN_TOKEN)" : settings.admin().host() + ":" + adminPort,
              settings.sessions() == null ? "off (set STRANGLER_IDENTITY_KEY)" : settings.sessions(),
              settings.cache() == null ? "without Redis: cached routes bypass it (set STRANGLER_CACHE_REDIS_URL)" : settings.cache(),
              settings.rateLimit() == null ? "without Redis: limited routes act as with Redis down (set STRANGLER_RATE_LIMIT_REDIS_URL)"
                  : settings.rateLimit(),
              settings.capture() == null ? "without Redis: captured routes record nothing (set STRANGLER_CAPTURE_REDIS_URL)"
                  : settings.capture(), settings.shadow(),
              settings.shadowResults() == null ? "without Redis: counted in metrics only (set STRANGLER_SHADOW_RESULTS_REDIS_URL)"
                  : settings.shadowResults(),
              settings.idempotency() == null ? "without Redis: require routes answer 503 (set STRANGLER_IDEMPOTENCY_REDIS_URL)"
                  : settings.idempotency(), settings.overload());
          return this;
        });
  }

  /**
   * Drains first: the public servers stop accepting and finish the requests in flight (within
   * {@link ProxyOptions#shutdownGrace()}) while everything they use still works; then the rest closes.
   */
  public Future<Void> stop() {
    Future<Void> drained = proxies == null ? Future.succeededFuture() : vertx.undeploy(proxies);
    return drained.eventually(this::release);
  }

  private Future<Void> release() {
    watches.forEach(CertificateWatch::stop);
    if (fileSource != null) {
      fileSource.stop();
    }
    discovered.stop();
    if (captureRedis != null) {
      captureRedis.close();
    }
    if (shadowing != null) {
      shadowing.close();
    }
    if (overload != null) {
      overload.close();
    }
    Future<Void> registryClosed = (registry == null ? Future.<Void>succeededFuture() : registry.close())
        .eventually(() -> invalidator == null ? Future.succeededFuture() : vertx.undeploy(invalidator))
        .eventually(() -> shadowFlusher == null ? Future.succeededFuture() : vertx.undeploy(shadowFlusher)) // flushes once more
        .eventually(() -> shadowSummaries == null ? Future.succeededFuture() : shadowSummaries.close())
        .eventually(() -> trafficStore == null ? Future.succeededFuture() : trafficStore.close())
        .eventually(() -> playbooks == null ? Future.succeededFuture() : playbooks.close());
    return registryClosed.compose(v -> follower == null ? Future.succeededFuture() : follower.stop());
  }

  /** Flushes the shadow results and route traffic now (tests); true when Redis took it all, or there is nothing to flush. */
  public Future<Boolean> flushResults() {
    return flusher == null ? Future.succeededFuture(true) : flusher.flushNow();
  }

  /** Where shadowing reports each comparison and drop; {@link ShadowResults#NONE} without a Redis for them. */
  public ShadowResults shadowResults() {
    return shadowResults;
  }

  public LiveRouteTable live() {
    return live;
  }

  /** The public port as configured (0 leaves the choice to the OS, per event loop; tests pick a free port instead). */
  public int publicPort() {
    return settings.proxy().publicPort();
  }

  /** The admin API's port, or -1 when it is off. */
  public int adminPort() {
    return adminPort;
  }

  private Future<Void> startAdmin(RedisRouteStore store, ProxyMetrics metrics) {
    AdminOptions admin = settings.admin();
    if (admin == null) {
      return Future.succeededFuture();
    }
    FleetStatus fleet = store == null ? null : new FleetStatus(store, FleetStatus.DEFAULT_STALE_AFTER, Clock.systemUTC());
    Router router = new AdminApi(vertx, admin, live, store, fleet, settings.routes().toString())
        .reportingOverload(overload::status).router();
    if (shadowSummaries != null) {
      new ShadowAdminApi(shadowSummaries, live).mount(router);
      new TrafficAdminApi(trafficStore).mount(router);
      new PlaybookAdminApi(playbooks).mount(router);
    } else {
      ShadowAdminApi.mountOff(router);
      AdminApi.mountOff(router, "/admin/traffic*", "route traffic is not recorded");
      AdminApi.mountOff(router, "/admin/playbooks*", "no playbook journal");
    }
    router.get("/admin/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.get("/admin/backends").handler(ctx -> board.snapshot(live.current()).onSuccess(ctx::json).onFailure(ctx::fail));
    if (settings.capture() != null) {
      captureRedis = SwitchingRedis.create(vertx, RedisClientOptions.of(settings.capture().redisUrl()));
    }
    new CaptureApi(captureRedis == null ? null
        : new CaptureStore(captureRedis, settings.capture().streamKey(), CaptureStore.DEFAULT_TIMEOUT)).mount(router);
    HttpServerOptions listener = new HttpServerOptions();
    if (admin.tls() != null) {
      admin.tls().applyTo(listener);
    }
    return vertx.createHttpServer(listener).requestHandler(router).listen(admin.port(), admin.host())
        .onSuccess(server -> {
          adminPort = server.actualPort();
          if (admin.tls() != null) {
            CertificateWatch watch = new CertificateWatch(vertx, admin.tls(), "admin API",
                tls -> server.updateSSLOptions(tls, true)).start();
            watches.add(watch);
            metrics.watch(watch, "admin");
          }
        }).mapEmpty();
  }

  /**
   * Shadow results and route traffic recorded to Redis when there is one for them (with the playbook journal): the
   * recorders, their flusher, the readers.
   */
  private Future<Void> startShadowResults(ProxyMetrics metrics) {
    if (settings.shadowResults() == null) {
      return Future.succeededFuture();
    }
    ShadowResultsOptions options = settings.shadowResults();
    ShadowRecorder recorder = new ShadowRecorder(options, metrics);
    shadowResults = recorder;
    shadowSummaries = new ShadowSummaryStore(vertx, options, Clock.systemUTC());
    traffic = new TrafficRecorder();
    TrafficKeys trafficKeys = new TrafficKeys(options.keyPrefix());
    trafficStore = new TrafficStore(vertx, options.redisUrl(), trafficKeys, options.timeout(), Clock.systemUTC());
    playbooks = new PlaybookJournal(vertx, options.redisUrl(), new PlaybookKeys(options.keyPrefix()), options.timeout(), Clock.systemUTC());
    flusher = new BatchFlusher(ShadowBatch.flusherOptions(options),
        List.of(new ShadowBatch(recorder, options, settings.instanceId()), new TrafficBatch(traffic, trafficKeys)), Clock.systemUTC());
    return vertx.deployVerticle(flusher, BatchFlusher.deployment())
        .onSuccess(id -> shadowFlusher = id).mapEmpty();
  }

  private RestrictedAddresses restrictedAddresses() {
    Set<Integer> own = new HashSet<>();
    own.add(settings.proxy().publicPort());
    if (settings.admin() != null) {
      own.add(settings.admin().port());
    }
    Set<String> redis = new HashSet<>();
    for (String url : new String[] {settings.routes().redisUrl(), settings.sessions() == null ? null : settings.sessions().redisUrl(),
        settings.cache() == null ? null : settings.cache().redisUrl(), settings.cache() == null ? null : settings.cache().eventsRedisUrl(),
        settings.rateLimit() == null ? null : settings.rateLimit().redisUrl(),
        settings.capture() == null ? null : settings.capture().redisUrl(),
        settings.shadowResults() == null ? null : settings.shadowResults().redisUrl(),
        settings.idempotency() == null ? null : settings.idempotency().redisUrl()}) {
      if (url != null) {
        URI uri = URI.create(url);
        redis.add(uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort()));
      }
    }
    own.remove(0);
    return new RestrictedAddresses(own, redis);
  }
}
