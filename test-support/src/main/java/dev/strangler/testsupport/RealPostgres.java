package dev.strangler.testsupport;

/**
 * The JVM-wide real PostgreSQL every test shares, chosen once by {@link PostgresProvisioner#choose},
 * and the databases that keep test classes apart on it.
 */
public final class RealPostgres {

  private static PostgresEndpoint server;

  private RealPostgres() {}

  public static synchronized PostgresEndpoint server() {
    if (server == null) {
      server = PostgresProvisioner.choose(System.getenv(), DockerAvailability::isAvailable);
    }
    return server;
  }

  /** A new, empty database named {@code t_<label>_<random>}; close it to drop it. */
  public static PostgresDatabase newDatabase(String label) {
    return PostgresDatabase.create(server(), "t_" + Labels.unique(label));
  }
}
