package dev.strangler.orders;

import dev.strangler.orders.cart.SessionCarts;
import dev.strangler.orders.checkout.Checkout;
import dev.strangler.orders.checkout.IdempotencyKeys;
import dev.strangler.orders.http.CartRoutes;
import dev.strangler.orders.http.OrderRoutes;
import dev.strangler.orders.http.RequestScope;
import dev.strangler.orders.projection.BackfillOptions;
import dev.strangler.orders.projection.MonolithEvents;
import dev.strangler.orders.projection.ProductBackfill;
import dev.strangler.orders.projection.Products;
import dev.strangler.orders.stock.StockReservations;
import dev.strangler.orders.store.Migrations;
import dev.strangler.orders.store.OrderStore;
import dev.strangler.orders.store.Schema;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.servicekit.HealthRoutes;
import dev.strangler.servicekit.ProblemFormat;
import dev.strangler.servicekit.ProblemHandlers;
import dev.strangler.servicekit.ServiceRegistration;
import dev.strangler.servicekit.backfill.ProductPages;
import dev.strangler.servicekit.backfill.Retrying;
import dev.strangler.servicekit.backfill.StreamWatermark;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.events.EventConsumer;
import dev.strangler.servicekit.events.sql.GuardedSqlSink;
import dev.strangler.servicekit.identity.IdentityHandler;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.servicekit.lifecycle.GracefulShutdown;
import dev.strangler.servicekit.lifecycle.ServiceProcess;
import dev.strangler.servicekit.observe.ServiceMetrics;
import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.servicekit.sandbox.Sandbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One orders-service process, wired from its settings: both schemas migrated, the cart and orders API answering like
 * the monolith, stock reserved at the monolith, health, metrics, the monolith's events projected when a stream Redis
 * is configured, a product backfill from the monolith when asked, expired idempotency keys swept, registration in
 * discovery, and the graceful stop that undoes it all.
 */
public final class OrdersApplication implements ServiceProcess {

  private static final Logger LOG = LoggerFactory.getLogger(OrdersApplication.class);
  private static final long READINESS_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final OrdersSettings settings;
  private final ServiceMetrics metrics;
  private GracefulShutdown shutdown;
  private HttpServer server;
  private ServiceRegistration registration;
  private EventConsumer consumer;
  private Pool pool;
  private long sweeper = -1;
  private Redis streams;
  private Retrying<ProductBackfill.Report> backfill;
  private volatile boolean backfilled;

  /** {@code metrics} may be null (no {@code /metrics}); it must be the one {@code vertx} was built with. */
  public OrdersApplication(Vertx vertx, OrdersSettings settings, ServiceMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.metrics = metrics;
  }

  @Override
  public Future<OrdersApplication> start() {
    ServiceOptions service = settings.service();
    PgConnectOptions database = PgConnectOptions.fromUri(settings.databaseUrl());
    RequestScope.Schemas schemas = new RequestScope.Schemas(new Schema(settings.liveSchema(), false),
        new Schema(settings.sandboxSchema(), true));
    shutdown = new GracefulShutdown(service.shutdownGrace());
    // First of the resources: a backfill still retrying stops before the pool it writes to closes.
    shutdown.resource("product backfill", () -> {
      if (backfill != null) {
        backfill.stop();
      }
      return Future.succeededFuture();
    });
    return Migrations.run(vertx, database, List.of(schemas.live(), schemas.sandbox())).compose(migrated -> {
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(settings.dbPoolSize()).setName("orders-db")).connectingTo(database).using(vertx).build();
      Redis sessions = ServiceRedis.create(vertx, RedisClientOptions.of(settings.redisUrl()).setPoolName("orders-sessions"));
      OrderStore store = new OrderStore(pool);
      Products products = new Products(pool, schemas.live());
      SessionCarts carts = new SessionCarts(sessions, settings.sessionNamespace(), Clock.systemUTC());
      StockReservations reservations = new StockReservations(vertx, settings.monolithUrl(), settings.internalToken(),
          settings.reservationTimeout());
      IdempotencyKeys keys = new IdempotencyKeys(pool, settings.idempotencyTtl(), settings.idempotencyClaimTimeout());
      Checkout checkout = new Checkout(carts, products, store, reservations, keys);

      Router router = Router.router(vertx);
      if (metrics != null) {
        metrics.install(router);
      }
      HealthRoutes.install(router, () -> pool.query("select 1").execute().timeout(READINESS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .recover(e -> Future.failedFuture("database unreachable: " + e.getMessage()))
          .compose(ok -> sessions.send(Request.cmd(Command.PING)).timeout(READINESS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .recover(e -> Future.failedFuture("session redis unreachable: " + e.getMessage())))
          .compose(pong -> backfilled || settings.backfill() == null ? Future.succeededFuture()
              : Future.failedFuture("product backfill from " + settings.backfill().from() + " not completed yet"))
          .compose(pong -> products.present())
          .compose(present -> present ? Future.succeededFuture() : Future.failedFuture("product projection empty: no product event applied yet")));
      if (service.identityKey() != null) {
        router.route().handler(IdentityHandler.create(new IdentityVerifier(vertx, service.identityKey(), service.name())));
      }
      router.route().handler(Sandbox.handler(ProblemFormat.SPRING_MVC));
      new CartRoutes(carts, products, schemas).install(router);
      new OrderRoutes(checkout, store, schemas, Clock.systemUTC()).install(router);
      ProblemHandlers.install(router, ProblemFormat.SPRING_MVC);

      sweeper = vertx.setPeriodic(settings.idempotencySweep().toMillis(), id -> sweep(keys, schemas));
      shutdown.resource("database", () -> {
        vertx.cancelTimer(sweeper);
        return pool.close();
      }).resource("session redis", () -> {
        sessions.close();
        return reservations.close();
      });
      return vertx.createHttpServer(new HttpServerOptions().setHost(service.host()).setPort(service.port()))
          .requestHandler(router).listen();
    }).compose(s -> {
      server = s;
      shutdown.server(s);
      LOG.info("{} {} listening on {}:{}, schemas {}/{} at {}", service.name(), service.version(), service.host(), s.actualPort(),
          settings.liveSchema(), settings.sandboxSchema(), settings.redactedDatabaseUrl());
      return startEvents(new OrderStore(pool), schemas.live());
    }).compose(v -> backfillThenRegister(service, schemas.live())).map(this);
  }

  private void sweep(IdempotencyKeys keys, RequestScope.Schemas schemas) {
    for (Schema schema : List.of(schemas.live(), schemas.sandbox())) {
      keys.sweep(schema).onSuccess(n -> {
        if (n > 0) {
          LOG.info("{} expired idempotency keys deleted from {}", n, schema.name());
        }
      }).onFailure(e -> LOG.warn("idempotency sweep of {} failed: {}", schema.name(), e.getMessage()));
    }
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

  /** The monolith's events into the live schema's projections, when a stream Redis is configured. */
  private Future<Void> startEvents(OrderStore store, Schema live) {
    if (settings.events() == null) {
      LOG.info("no ORDERS_EVENTS_REDIS_URL: the monolith's events are not consumed");
      return Future.succeededFuture();
    }
    streams = ServiceRedis.create(vertx, RedisClientOptions.of(settings.eventsRedisUrl()).setPoolName("orders-events"));
    MeterRegistry registry = metrics != null ? metrics.registry() : new SimpleMeterRegistry();
    GuardedSqlSink sink = new GuardedSqlSink(pool, live.table("applied_events"), settings.events().group(),
        new MonolithEvents(live, store));
    consumer = new EventConsumer(vertx, streams, settings.events(), sink, registry);
    shutdown.resource("monolith events", () -> consumer.stop().eventually(streams::close));
    return consumer.start();
  }

  /**
   * Without {@code ORDERS_BACKFILL_FROM}, or when a backfill has completed before: registers now. Otherwise the
   * backfill runs in the background, retried with backoff until it completes (readiness says 503 meanwhile); the
   * instance registers in discovery after it, so the proxy never picks an instance missing products.
   */
  private Future<Void> backfillThenRegister(ServiceOptions service, Schema live) {
    BackfillOptions options = settings.backfill();
    if (options == null) {
      return register(service);
    }
    HttpClient monolith = vertx.createHttpClient();
    shutdown.resource("backfill http client", monolith::close);
    ProductBackfill products = productBackfill(monolith, settings, pool, live, streams);
    return products.completed().compose(done -> {
      if (done) {
        LOG.info("a product backfill has completed before: none on start (events keep the projection current)");
        backfilled = true;
        return register(service);
      }
      backfill = new Retrying<>(vertx, "product backfill from " + options.from(), options.firstRetry(), options.maxRetry(), products::run);
      backfill.start().onSuccess(report -> {
        backfilled = true;
        register(service).onFailure(e -> LOG.error("registration in discovery failed after the backfill: {}", e.getMessage()));
      });
      return Future.succeededFuture();
    });
  }

  /**
   * The backfill {@code settings} ask for, reading the monolith with {@code http}, into {@code live}, versioned by the
   * product stream's watermark on {@code streams} (null without events: watermark 0, events always win).
   */
  public static ProductBackfill productBackfill(HttpClient http, OrdersSettings settings, Pool pool, Schema live, Redis streams) {
    BackfillOptions options = settings.backfill();
    Supplier<Future<Long>> watermark = streams == null ? StreamWatermark::none : new StreamWatermark(streams, settings.productStream())::read;
    ProductPages pages = new ProductPages(http, options.from(), options.pageSize(), watermark);
    return new ProductBackfill(pool, live, settings.guardGroup(), pages);
  }

  private Future<Void> register(ServiceOptions service) {
    return ServiceRegistration.register(vertx, service, server.actualPort(), shutdown).map(r -> {
      registration = r;
      return null;
    });
  }
}
