package dev.strangler.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The three ways the harness gets a PostgreSQL server; {@link #choose} picks one in that order. */
public final class PostgresProvisioner {

  /** The environment variable that points the harness at an existing server. */
  public static final String ENV_DATABASE_URL = "DATABASE_URL";
  /** The image Testcontainers runs. */
  public static final String DEFAULT_IMAGE = "postgres:15-alpine";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresProvisioner.class);

  private PostgresProvisioner() {}

  /** DATABASE_URL when set; else Testcontainers when Docker answers; else an embedded PostgreSQL. */
  public static PostgresEndpoint choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
    String url = env.get(ENV_DATABASE_URL);
    PostgresEndpoint endpoint;
    if (url != null && !url.isBlank()) {
      endpoint = fromUrl(url);
    } else if (dockerAvailable.getAsBoolean()) {
      endpoint = fromTestcontainers();
    } else {
      endpoint = embedded();
    }
    LOG.info("test PostgreSQL: {}", endpoint);
    return endpoint;
  }

  public static PostgresEndpoint fromUrl(String url) {
    return PostgresEndpoint.parse(url, ENV_DATABASE_URL);
  }

  /** A PostgreSQL container for the rest of the JVM's life (Testcontainers removes it at exit). */
  public static PostgresEndpoint fromTestcontainers() {
    @SuppressWarnings("resource")
    PostgreSQLContainer container = new PostgreSQLContainer(DEFAULT_IMAGE);
    container.start();
    return new PostgresEndpoint(container.getHost(), container.getMappedPort(PostgresEndpoint.DEFAULT_PORT),
        container.getUsername(), container.getPassword(), container.getDatabaseName(), "Testcontainers " + DEFAULT_IMAGE);
  }

  /** An embedded PostgreSQL (zonky binaries) for the rest of the JVM's life, stopped by a shutdown hook. */
  public static PostgresEndpoint embedded() {
    EmbeddedPostgres postgres = startEmbedded();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "stop-test-postgres"));
    return embeddedEndpoint(postgres);
  }

  /** Starts an embedded PostgreSQL the caller owns and closes. */
  public static EmbeddedPostgres startEmbedded() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
    }
  }

  public static PostgresEndpoint embeddedEndpoint(EmbeddedPostgres postgres) {
    return new PostgresEndpoint("127.0.0.1", postgres.getPort(), "postgres", null, "postgres", "embedded PostgreSQL");
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
