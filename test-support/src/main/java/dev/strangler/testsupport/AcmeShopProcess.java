package dev.strangler.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Acme Shop, the sample monolith, run from its Spring Boot jar as the lab runs it: seeded (1,000
 * products, customer001@acme.test … / password123), on a database and a Redis namespace of the
 * test's own. Its sessions live under {@code <namespace prefix>acme:session}.
 */
public final class AcmeShopProcess implements AutoCloseable {

  /** The system property naming the jar; the build of each module that uses it sets it. */
  public static final String JAR_PROPERTY = "acme.shop.jar";
  /** Spring Boot, Flyway and the seed on a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final JavaProcess process;
  private final int port;
  private final String sessionNamespace;

  private AcmeShopProcess(JavaProcess process, int port, String sessionNamespace) {
    this.process = process;
    this.port = port;
    this.sessionNamespace = sessionNamespace;
  }

  /** Starts the jar named by {@value #JAR_PROPERTY} and returns once its health endpoint answers. */
  public static AcmeShopProcess start(PostgresDatabase database, RedisNamespace redis, Path logDir) {
    return start(database, redis, logDir, Map.of());
  }

  /** As {@link #start(PostgresDatabase, RedisNamespace, Path)}, with {@code settings} added to (or replacing) its environment. */
  public static AcmeShopProcess start(PostgresDatabase database, RedisNamespace redis, Path logDir, Map<String, String> settings) {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null) {
      throw new IllegalStateException("system property " + JAR_PROPERTY + " must name the monolith's jar (run through Maven)");
    }
    Objects.requireNonNull(database, "database == null");
    int port = FreePort.find();
    String sessions = redis.prefix() + "acme:session";
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "SERVER_PORT", String.valueOf(port),
        "ACME_SEED", "true",
        "SPRING_DATASOURCE_URL", database.jdbcUrl(),
        "SPRING_DATASOURCE_USERNAME", database.username(),
        "SPRING_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password(),
        "SPRING_DATA_REDIS_URL", redis.endpoint().uri(),
        "SPRING_SESSION_DATA_REDIS_NAMESPACE", sessions));
    env.putAll(settings);
    JavaProcess process = JavaProcess.start("legacy-monolith", Path.of(jar), env, List.of(), logDir);
    try {
      process.awaitReady("http://127.0.0.1:" + port + "/actuator/health", START_TIMEOUT);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return new AcmeShopProcess(process, port, sessions);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The Redis key namespace of its sessions (Spring Session's {@code namespace}). */
  public String sessionNamespace() {
    return sessionNamespace;
  }

  public JavaProcess process() {
    return process;
  }

  /** SIGTERM: Spring Boot shuts down gracefully. */
  @Override
  public void close() {
    process.close();
  }
}
