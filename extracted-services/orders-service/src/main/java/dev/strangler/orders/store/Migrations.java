package dev.strangler.orders.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings each schema to the current DDL with Flyway (the monolith's migration tool too), once at start on a
 * worker thread (JDBC blocks). Every schema gets the same migrations ({@code db/orders}) and its own history table,
 * so live and sandbox can never drift apart.
 */
public final class Migrations {

  public static final String LOCATION = "classpath:db/orders";
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static Future<Void> run(Vertx vertx, PgConnectOptions database, List<Schema> schemas) {
    return vertx.executeBlocking(() -> {
      String jdbc = "jdbc:postgresql://" + database.getHost() + ":" + database.getPort() + "/" + database.getDatabase();
      for (Schema schema : schemas) {
        MigrateResult result = Flyway.configure()
            .dataSource(jdbc, database.getUser(), database.getPassword())
            .schemas(schema.name())
            .defaultSchema(schema.name())
            .createSchemas(true)
            .locations(LOCATION)
            .load()
            .migrate();
        LOG.info("schema {}: {} migration(s) applied, now at version {}", schema.name(), result.migrationsExecuted,
            result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion);
      }
      return null;
    });
  }
}
