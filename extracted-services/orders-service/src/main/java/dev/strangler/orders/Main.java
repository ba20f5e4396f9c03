package dev.strangler.orders;

import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.orders.projection.BackfillOptions;
import dev.strangler.orders.projection.ProductBackfill;
import dev.strangler.orders.store.Migrations;
import dev.strangler.orders.store.Schema;
import dev.strangler.servicekit.backfill.BackfillArguments;
import dev.strangler.servicekit.lifecycle.CommandExit;
import dev.strangler.servicekit.lifecycle.CommandSettings;
import dev.strangler.servicekit.lifecycle.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The orders-service process: {@code serve} (the default) runs the service until SIGTERM; {@code backfill} fills the product projection and exits. */
@Command(name = "orders-service", mixinStandardHelpOptions = true, subcommands = {Main.Serve.class, Main.BackfillCommand.class},
    description = "Cart, checkout and order history, on its own PostgreSQL schema. Settings: ORDERS_* environment variables.")
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  public static void main(String[] args) {
    CommandExit.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() {
    return new Serve().call();
  }

  /** Runs the service until SIGTERM, then stops gracefully. */
  @Command(name = "serve", description = "Run the service (default).")
  static final class Serve implements Callable<Integer> {
    @Override
    public Integer call() {
      return settings().map(settings -> ServiceProcess.serve("orders-service",
          (vertx, metrics) -> new OrdersApplication(vertx, settings, metrics))).orElse(CommandSettings.INVALID);
    }
  }

  /** Fills the live product projection from the monolith's API, resuming an interrupted run; events since win. */
  @Command(name = "backfill", description = "Fill the product projection from the monolith's product API, then exit.")
  static final class BackfillCommand implements Callable<Integer> {
    @Mixin
    BackfillArguments arguments;

    @Override
    public Integer call() {
      return settings().map(this::backfill).orElse(CommandSettings.INVALID);
    }

    private int backfill(OrdersSettings settings) {
      BackfillOptions configured = settings.backfill() == null ? BackfillOptions.of(arguments.from())
          : settings.backfill().withFrom(arguments.from());
      BackfillOptions options = new BackfillOptions(arguments.from(), arguments.pageSize(configured.pageSize()),
          configured.firstRetry(), configured.maxRetry());
      Vertx vertx = Vertx.vertx();
      try {
        PgConnectOptions database = PgConnectOptions.fromUri(settings.databaseUrl());
        Schema live = new Schema(settings.liveSchema(), false);
        Migrations.run(vertx, database, List.of(live)).await();
        Pool pool = PgBuilder.pool().connectingTo(database).using(vertx).build();
        Redis streams = settings.events() == null ? null : ServiceRedis.create(vertx, settings.eventsRedisUrl());
        ProductBackfill.Report report = OrdersApplication.productBackfill(vertx.createHttpClient(), settings.withBackfill(options), pool, live, streams)
            .run().await();
        System.out.println("backfilled " + report.products() + " products: " + report.written() + " written, " + report.kept()
            + " kept (newer from events)");
        return 0;
      } catch (RuntimeException e) {
        LOG.error("backfill failed: {}", e.getMessage());
        return 1;
      } finally {
        vertx.close().await();
      }
    }
  }

  private static Optional<OrdersSettings> settings() {
    return CommandSettings.fromEnvironment(OrdersSettings::fromEnvironment);
  }
}
