package dev.strangler.catalog;

import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.catalog.backfill.Backfill;
import dev.strangler.catalog.events.ProductEventHandler;
import dev.strangler.servicekit.backfill.StreamWatermark;
import dev.strangler.catalog.http.CatalogRoutes;
import dev.strangler.catalog.readmodel.CatalogReader;
import dev.strangler.catalog.readmodel.ProductProjection;
import dev.strangler.catalog.readmodel.ReadModelKeys;
import dev.strangler.catalog.recent.RecentlyViewed;
import dev.strangler.catalog.recent.RecentlyViewedRoutes;
import dev.strangler.servicekit.HealthRoutes;
import dev.strangler.servicekit.ProblemFormat;
import dev.strangler.servicekit.ProblemHandlers;
import dev.strangler.servicekit.ServiceRegistration;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.events.EventConsumer;
import dev.strangler.servicekit.identity.IdentityHandler;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.servicekit.lifecycle.GracefulShutdown;
import dev.strangler.servicekit.lifecycle.ServiceProcess;
import dev.strangler.servicekit.observe.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One catalog-service process, wired from its settings: the read model in Redis, the catalog API
 * answering like the monolith, health, metrics, product events applied when a stream Redis is
 * configured, a backfill on start when asked and the read model is empty, registration in discovery,
 * and the graceful stop that undoes it all in order.
 */
public final class CatalogApplication implements ServiceProcess {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogApplication.class);
  private static final long READINESS_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final CatalogSettings settings;
  private final ServiceMetrics metrics;
  private GracefulShutdown shutdown;
  private HttpServer server;
  private ServiceRegistration registration;
  private EventConsumer consumer;

  /** {@code metrics} may be null (no {@code /metrics}); it must be the one {@code vertx} was built with. */
  public CatalogApplication(Vertx vertx, CatalogSettings settings, ServiceMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.metrics = metrics;
  }

  /**
   * A Redis client (any deployment, calls bounded) whose pool lets a backfill page's writes queue rather than fail; never
   * smaller than a Cluster client's own pool (see {@link RedisClientOptions#CLUSTER_POOL_SIZE}).
   */
  public static Redis redis(Vertx vertx, String url) {
    RedisOptions options = RedisClientOptions.of(url);
    return ServiceRedis.create(vertx, options.setMaxPoolSize(Math.max(8, options.getMaxPoolSize())).setMaxPoolWaiting(2_048));
  }

  @Override
  public Future<CatalogApplication> start() {
    ServiceOptions service = settings.service();
    Redis redis = redis(vertx, settings.redisUrl());
    ReadModelKeys keys = new ReadModelKeys(settings.keyPrefix());
    CatalogReader reader = new CatalogReader(redis, keys);
    ProductProjection projection = new ProductProjection(redis, keys);
    shutdown = new GracefulShutdown(service.shutdownGrace());

    Router router = Router.router(vertx);
    if (metrics != null) {
      metrics.install(router);
    }
    HealthRoutes.install(router, () -> redis.send(Request.cmd(Command.PING)).timeout(READINESS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture("redis unreachable: " + e.getMessage()))
        .compose(pong -> reader.present())
        .compose(present -> present ? Future.succeededFuture() : Future.failedFuture("read model empty: no backfill has completed")));
    if (service.identityKey() != null) {
      router.route().handler(IdentityHandler.create(new IdentityVerifier(vertx, service.identityKey(), service.name())));
    }
    RecentlyViewed recent = new RecentlyViewed(redis, settings.keyPrefix());
    new CatalogRoutes(reader, Clock.systemUTC(), recent).install(router);
    new RecentlyViewedRoutes(recent, reader).install(router);
    ProblemHandlers.install(router, ProblemFormat.SPRING_MVC);

    return vertx.createHttpServer(new HttpServerOptions().setHost(service.host()).setPort(service.port()))
        .requestHandler(router).listen()
        .compose(s -> {
          server = s;
          shutdown.server(s);
          LOG.info("{} {} listening on {}:{}, read model {} at {}", service.name(), service.version(), service.host(),
              s.actualPort(), settings.keyPrefix(), redactedRedis());
          return startEvents(projection, redis)
              .compose(watermark -> backfillIfEmpty(reader, projection, redis, keys, watermark));
        })
        .compose(v -> register(service))
        .map(v -> {
          shutdown.resource("redis", () -> {
            redis.close();
            return Future.succeededFuture();
          });
          return this;
        });
  }

  @Override
  public GracefulShutdown shutdown() {
    return shutdown;
  }

  public int port() {
    return server.actualPort();
  }

  public ServiceRegistration registration() {
    return registration;
  }

  /**
   * Starts consuming product events when a stream Redis is configured; yields how a backfill reads the
   * events' watermark (always 0 without events).
   */
  private Future<Supplier<Future<Long>>> startEvents(ProductProjection projection, Redis readModel) {
    if (settings.events() == null) {
      LOG.info("no CATALOG_EVENTS_REDIS_URL: product events are not consumed");
      return Future.succeededFuture(() -> Future.succeededFuture(0L));
    }
    Redis streams = redis(vertx, settings.eventsRedisUrl());
    MeterRegistry registry = metrics != null ? metrics.registry() : new SimpleMeterRegistry();
    // The effects go to the read model's Redis (where the guards live too); the streams may be elsewhere.
    consumer = new EventConsumer(vertx, streams, readModel, settings.events(), new ProductEventHandler(projection), registry);
    shutdown.resource("product events", () -> consumer.stop().eventually(streams::close));
    StreamWatermark watermark = new StreamWatermark(streams, settings.productStream());
    return consumer.start().map(v -> watermark::read);
  }

  private Future<Void> backfillIfEmpty(CatalogReader reader, ProductProjection projection, Redis redis, ReadModelKeys keys,
      Supplier<Future<Long>> watermark) {
    if (settings.backfillFrom() == null) {
      return Future.succeededFuture();
    }
    return reader.present().compose(present -> {
      if (present) {
        LOG.info("read model present: no backfill on start");
        return Future.succeededFuture();
      }
      Backfill backfill = new Backfill(vertx.createHttpClient(), URI.create(settings.backfillFrom()), projection, redis, keys,
          settings.backfillPageSize(), watermark);
      return backfill.run().mapEmpty();
    });
  }

  private Future<Void> register(ServiceOptions service) {
    return ServiceRegistration.register(vertx, service, server.actualPort(), shutdown).map(r -> {
      registration = r;
      return null;
    });
  }

  private String redactedRedis() {
    return settings.redisUrl().replaceAll("//[^@/]*@", "//***@");
  }
}
