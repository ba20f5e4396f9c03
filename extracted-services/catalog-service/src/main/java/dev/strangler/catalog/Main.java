package dev.strangler.catalog;

import dev.strangler.catalog.backfill.Backfill;
import dev.strangler.servicekit.backfill.StreamWatermark;
import dev.strangler.catalog.readmodel.ProductProjection;
import dev.strangler.catalog.readmodel.ReadModelKeys;
import dev.strangler.servicekit.backfill.BackfillArguments;
import dev.strangler.servicekit.lifecycle.CommandExit;
import dev.strangler.servicekit.lifecycle.CommandSettings;
import dev.strangler.servicekit.lifecycle.ServiceProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The catalog-service process: {@code serve} (the default) runs the service, {@code backfill} fills the read model and exits. */
@Command(name = "catalog-service", mixinStandardHelpOptions = true, subcommands = {Main.Serve.class, Main.BackfillCommand.class},
    description = "The catalog read side, served from its own read model in Redis. Settings: CATALOG_* environment variables.")
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
      return settings().map(settings -> ServiceProcess.serve("catalog-service",
          (vertx, metrics) -> new CatalogApplication(vertx, settings, metrics))).orElse(CommandSettings.INVALID);
    }
  }

  /** Imports the monolith's catalog into the read model, resuming an interrupted run. */
  @Command(name = "backfill", description = "Fill the read model from the monolith's API, then exit.")
  static final class BackfillCommand implements Callable<Integer> {
    @Mixin
    BackfillArguments arguments;

    @Override
    public Integer call() {
      return settings().map(this::backfill).orElse(CommandSettings.INVALID);
    }

    private int backfill(CatalogSettings settings) {
      Vertx vertx = Vertx.vertx();
      Redis redis = CatalogApplication.redis(vertx, settings.redisUrl());
      ReadModelKeys keys = new ReadModelKeys(settings.keyPrefix());
      try {
        Redis streams = settings.events() == null ? null : CatalogApplication.redis(vertx, settings.eventsRedisUrl());
        Supplier<Future<Long>> watermark = streams == null ? () -> Future.succeededFuture(0L)
            : new StreamWatermark(streams, settings.productStream())::read;
        Backfill.Report report = new Backfill(vertx.createHttpClient(), arguments.from(), new ProductProjection(redis, keys), redis,
            keys, arguments.pageSize(settings.backfillPageSize()), watermark).run().await();
        System.out.println("backfilled " + report.products() + " products, " + report.categories() + " categories: " + report.outcomes());
        return 0;
      } catch (RuntimeException e) {
        LOG.error("backfill failed: {}", e.getMessage());
        return 1;
      } finally {
        redis.close();
        vertx.close().await();
      }
    }
  }

  private static Optional<CatalogSettings> settings() {
    return CommandSettings.fromEnvironment(CatalogSettings::fromEnvironment);
  }
}
