package dev.strangler.acceptance;

import dev.strangler.testsupport.AcmeShopProcess;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The seam as a user runs it, each application from its jar as its own process: Acme Shop (seeded,
 * on a PostgreSQL database of the test's own), the strangler proxy following a route table file, and
 * catalog-service instances — all on one Redis, under a key prefix of the test's own.
 */
final class Seam implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** How soon a killed instance leaves the proxy's view: the discovery expiry (3 s), the proxy's refresh (1 s), 1 s of slack. */
  static final Duration LEAVES_DISCOVERY_WITHIN = Duration.ofSeconds(5);
  static final String ADMIN_TOKEN = "acceptance-admin-token-0123456789";

  final RedisNamespace redis;
  final PostgresDatabase database;
  final Path logs;
  final String identityKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
  private final List<JavaProcess> processes = new ArrayList<>();
  final Map<String, JavaProcess> catalogs = new HashMap<>();
  final Map<JavaProcess, Integer> catalogPorts = new HashMap<>();
  private AcmeShopProcess monolith;
  int monolithPort;
  /** The first proxy's ports; every proxy's public port is in {@link #proxyPorts}. */
  int proxyPort;
  final List<Integer> proxyPorts = new ArrayList<>();
  int adminPort;
  private JavaProcess firstProxy;
  private Map<String, String> firstProxyEnv;
  private Path routesFile;
  private int restarts;

  Seam(String label) {
    this.redis = RealRedis.newNamespace(label);
    this.database = RealPostgres.newDatabase(label);
    this.logs = Path.of(System.getProperty("acceptance.logs", "target/acceptance-logs")).resolve(label);
  }

  static Path jar(String property) {
    String path = System.getProperty(property);
    if (path == null) {
      throw new IllegalStateException("system property " + property + " is not set (run through Maven: mvn verify)");
    }
    return Path.of(path);
  }

  String sessionNamespace() {
    return monolith == null ? redis.prefix() + "acme:session" : monolith.sessionNamespace();
  }

  /** A stand-in for the monolith (a test's own server on {@code port}) where the real one isn't the point. */
  Seam legacyAt(int port) {
    monolithPort = port;
    return this;
  }

  /** Acme Shop, seeded with its 1,000 products and 100 customers. */
  Seam startMonolith() {
    return startMonolith(Map.of());
  }

  /** Acme Shop as {@link #startMonolith()}, with {@code settings} added to its environment. */
  Seam startMonolith(Map<String, String> settings) {
    monolith = AcmeShopProcess.start(database, redis, logs, settings);
    monolithPort = monolith.port();
    return this;
  }

  /** Fills catalog-service's read model from the monolith's API, as its {@code backfill} command does; waits for it to finish. */
  Seam backfillCatalog() {
    JavaProcess backfill = start("catalog-backfill", jar("acceptance.catalog.jar"), catalogEnv(0),
        List.of("backfill", "--from", monolithUrl()));
    int exit = backfill.awaitExit(START_TIMEOUT);
    if (exit != 0) {
      throw new IllegalStateException("backfill exited with " + exit + "; its log ends:\n" + backfill.logTail(40));
    }
    return this;
  }

  /** One catalog-service instance, registered in discovery once ready. */
  JavaProcess startCatalog(String name) {
    int port = FreePort.find();
    JavaProcess catalog = start(name, jar("acceptance.catalog.jar"), catalogEnv(port), List.of("serve"));
    catalog.awaitReady("http://127.0.0.1:" + port + "/health/ready", START_TIMEOUT);
    catalogs.put(name, catalog);
    catalogPorts.put(catalog, port);
    return catalog;
  }

  private Map<String, String> catalogEnv(int port) {
    Map<String, String> env = new HashMap<>(Map.of(
        "CATALOG_EVENTS_REDIS_URL", redis.endpoint().uri(),
        "CATALOG_EVENTS_PREFIX", redis.prefix()));
    env.putAll(Map.of(
        "CATALOG_HTTP_HOST", "127.0.0.1",
        "CATALOG_HTTP_PORT", String.valueOf(port),
        "CATALOG_REDIS_URL", redis.endpoint().uri(),
        "CATALOG_KEY_PREFIX", redis.prefix() + "catalog:",
        "CATALOG_DISCOVERY_REDIS_URL", redis.endpoint().uri(),
        "CATALOG_DISCOVERY_PREFIX", redis.prefix(),
        "CATALOG_IDENTITY_KEY", identityKey));
    return env;
  }

  /** The outbox relay on the monolith's database, appending its events to the streams under the test's prefix. */
  Seam startRelay() {
    return startRelay("outbox-relay", Map.of());
  }

  /**
   * A second outbox relay, on orders-service's own outbox (same database, its schema): its events go to
   * {@code <prefix>orders-service:events:order}, which the monolith's reverse sync reads.
   */
  Seam startOrdersRelay() {
    return startRelay("orders-relay", Map.of("RELAY_TABLE", ORDERS_SCHEMA + ".outbox", "RELAY_KEY_PREFIX",
        redis.prefix() + "orders-service:", "RELAY_NAME", "orders-service"));
  }

  private Seam startRelay(String name, Map<String, String> settings) {
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>(Map.of(
        "RELAY_DATABASE_URL", database.jdbcUrl(), "RELAY_DATABASE_USER", database.username(),
        "RELAY_DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
        "RELAY_REDIS_URL", redis.endpoint().uri(), "RELAY_KEY_PREFIX", redis.prefix(),
        "RELAY_HTTP_HOST", "127.0.0.1", "RELAY_HTTP_PORT", String.valueOf(port)));
    env.putAll(settings);
    start(name, jar("acceptance.relay.jar"), env, List.of())
        .awaitReady("http://127.0.0.1:" + port + "/health/live", START_TIMEOUT);
    return this;
  }

  /** orders-service's live schema in the test's database (its default). */
  static final String ORDERS_SCHEMA = "orders_service";
  /** The token of the monolith's internal stock reservation API, shared with orders-service. */
  static final String INTERNAL_TOKEN = "acceptance-internal-token-0123456789abcdef";

  /** What the monolith needs to serve orders-service: the reservation API, reverse sync, cheap password hashes. */
  Map<String, String> monolithForOrders() {
    return Map.of("ACME_INTERNAL_TOKEN", INTERNAL_TOKEN, "ACME_REVERSE_SYNC_ENABLED", "true",
        "ACME_REVERSE_SYNC_KEY_PREFIX", redis.prefix(), "ACME_PASSWORD_BCRYPT_STRENGTH", "4");
  }

  /** One orders-service instance on the test's database (its own schemas), registered in discovery once ready. */
  JavaProcess startOrders(String name) {
    int port = FreePort.find();
    String password = database.password() == null || database.password().isEmpty() ? "" : ":" + database.password();
    Map<String, String> env = new HashMap<>(Map.of(
        "ORDERS_DATABASE_URL", "postgresql://" + database.username() + password + "@" + database.endpoint().host() + ":"
            + database.endpoint().port() + "/" + database.name(),
        "ORDERS_MONOLITH_URL", monolithUrl(),
        "ORDERS_INTERNAL_TOKEN", INTERNAL_TOKEN,
        "ORDERS_IDENTITY_KEY", identityKey,
        "ORDERS_REDIS_URL", redis.endpoint().uri(),
        "ORDERS_SESSION_NAMESPACE", sessionNamespace(),
        "ORDERS_EVENTS_REDIS_URL", redis.endpoint().uri(),
        "ORDERS_EVENTS_PREFIX", redis.prefix(),
        "ORDERS_DISCOVERY_REDIS_URL", redis.endpoint().uri(),
        "ORDERS_DISCOVERY_PREFIX", redis.prefix()));
    env.putAll(Map.of("ORDERS_HTTP_HOST", "127.0.0.1", "ORDERS_HTTP_PORT", String.valueOf(port)));
    JavaProcess orders = start(name, jar("acceptance.orders.jar"), env, List.of());
    orders.awaitReady("http://127.0.0.1:" + port + "/health/ready", START_TIMEOUT);
    return orders;
  }

  /** The proxy, following {@code routes} (a route table with {@code ${MONOLITH}} standing for the monolith's port). */
  Seam startProxy(String routes) {
    return startProxy(routes, Map.of());
  }

  /** The proxy as {@link #startProxy(String)}, with {@code settings} added to (or replacing) its environment. */
  Seam startProxy(String routes, Map<String, String> settings) {
    int port = FreePort.find();
    int admin = FreePort.find();
    if (proxyPorts.isEmpty()) {
      proxyPort = port;
      adminPort = admin;
    }
    proxyPorts.add(port);
    String name = "strangler-proxy-" + proxyPorts.size();
    Path file = logs.resolve(name + "-routes.yaml");
    try {
      Files.createDirectories(logs);
      Files.writeString(file, routes.replace("${MONOLITH}", String.valueOf(monolithPort)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new HashMap<>(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1",
        "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_ROUTES_FILE", file.toString(),
        "STRANGLER_REDIS_PREFIX", redis.prefix(),
        "STRANGLER_DISCOVERY_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_ADMIN_HOST", "127.0.0.1",
        "STRANGLER_ADMIN_PORT", String.valueOf(admin),
        "STRANGLER_ADMIN_TOKEN", ADMIN_TOKEN,
        "STRANGLER_DEBUG_HEADERS", "true",
        "STRANGLER_EVENT_LOOPS", "2"));
    env.putAll(Map.of(
        "STRANGLER_IDENTITY_KEY", identityKey,
        "STRANGLER_SESSION_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_SESSION_NAMESPACE", sessionNamespace(),
        "STRANGLER_CACHE_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_RATE_LIMIT_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_CAPTURE_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_SHADOW_RESULTS_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_IDEMPOTENCY_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_EVENTS_PREFIX", redis.prefix()));
    env.put("STRANGLER_INSTANCE_ID", name);
    env.putAll(settings);
    JavaProcess proxy = start(name, jar("acceptance.proxy.jar"), env, List.of());
    proxy.awaitReady("http://127.0.0.1:" + admin + "/admin/ready", START_TIMEOUT);
    if (firstProxy == null) {
      firstProxy = proxy;
      firstProxyEnv = env;
      routesFile = file;
    }
    return this;
  }

  /** Kills the first proxy (SIGKILL: nothing it held in memory survives) and starts it again on the same ports. */
  Seam restartProxy() {
    firstProxy.kill();
    firstProxy.awaitExit(START_TIMEOUT);
    restarts++;
    firstProxy = start("strangler-proxy-1-restart-" + restarts, jar("acceptance.proxy.jar"), firstProxyEnv, List.of());
    firstProxy.awaitReady(adminUrl() + "/admin/ready", START_TIMEOUT);
    return this;
  }

  /** Replaces the first proxy's route table file ({@code ${MONOLITH}} as in {@link #startProxy}); the proxy watches it. */
  void rewriteRoutes(String routes) {
    try {
      Files.writeString(routesFile, routes.replace("${MONOLITH}", String.valueOf(monolithPort)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String monolithUrl() {
    return "http://127.0.0.1:" + monolithPort;
  }

  String proxyUrl() {
    return "http://127.0.0.1:" + proxyPort;
  }

  String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  private JavaProcess start(String name, Path jar, Map<String, String> env, List<String> args) {
    JavaProcess process = JavaProcess.start(name, jar, env, args, logs);
    processes.add(process);
    return process;
  }

  @Override
  public void close() {
    for (JavaProcess process : processes.reversed()) {
      process.close();
    }
    if (monolith != null) {
      monolith.close();
    }
    redis.close();
    database.close();
  }
}
