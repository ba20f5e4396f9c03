package dev.strangler.relay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strangler.relay.observe.RelayHttpServer;
import dev.strangler.relay.redis.RedisClients;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/** The relay as a process: settings from {@code RELAY_*} variables, metrics and health over HTTP, SIGTERM stops it gracefully. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      System.out.println("outbox-relay: appends outbox rows to Redis Streams. No arguments; settings are RELAY_* environment"
          + " variables (RELAY_DATABASE_URL is required), see outbox-relay/README.md.");
      System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
    }
    RelaySettings settings;
    try {
      settings = RelaySettings.fromEnvironment(System.getenv());
    } catch (InvalidRelayConfigException e) {
      e.problems().forEach(p -> LOG.error("config: {}", p));
      System.exit(2);
      return;
    }
    int code = run(settings);
    if (code != 0) {
      System.exit(code);
    }
    // else the process lives on the relay's thread until SIGTERM
  }

  /** Starts the relay and its HTTP endpoint, stopped by SIGTERM; returns 0 once running, else the exit code. */
  static int run(RelaySettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    HikariDataSource dataSource = dataSource(settings);
    UnifiedJedis redis = RedisClients.create(settings.redisUrl());
    OutboxRelay relay = new OutboxRelay(settings.relay(), dataSource, redis, registry);
    RelayHttpServer http;
    try {
      http = RelayHttpServer.start(settings.httpHost(), settings.httpPort(), registry, () -> new RelayHttpServer.Status(
          relay.isReady(), "{\"status\":\"" + (relay.isReady() ? "UP" : "DOWN") + "\",\"leader\":" + relay.isLeader()
              + ",\"fencingToken\":" + relay.fencingToken() + "}"));
    } catch (IOException | RuntimeException e) {
      LOG.error("outbox-relay cannot listen on {}:{}: {}", settings.httpHost(), settings.httpPort(), e.getMessage());
      dataSource.close();
      redis.close();
      return 1;
    }
    relay.start();
    LOG.info("metrics and health on http://{}:{}{}", settings.httpHost(), http.port(), RelayHttpServer.METRICS);
    RelayHttpServer server = http;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop(relay, settings.stopTimeout());
      server.close();
      redis.close();
      dataSource.close();
    }, "relay-shutdown"));
    return 0;
  }

  private static void stop(OutboxRelay relay, Duration timeout) {
    try {
      if (!relay.stop(timeout)) {
        LOG.warn("the batch in flight did not finish within {} ms; the lease expires by itself", timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HikariDataSource dataSource(RelaySettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.databaseUser());
    config.setPassword(settings.databasePassword());
    config.setMaximumPoolSize(settings.databasePoolSize());
    config.setPoolName("outbox-relay");
    // A failing database must not stop the process: the relay retries, and readiness says so.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(5));
    return new HikariDataSource(config);
  }
}
