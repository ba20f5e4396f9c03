package dev.strangler.testsupport;

/**
 * The JVM-wide real Redis every test shares, chosen once by {@link RedisProvisioner#choose}, and
 * the namespaces that keep tests apart on it.
 */
public final class RealRedis {

  private static RedisEndpoint server;

  private RealRedis() {}

  public static synchronized RedisEndpoint server() {
    if (server == null) {
      server = RedisProvisioner.choose(System.getenv(), DockerAvailability::isAvailable);
    }
    return server;
  }

  /** A fresh key prefix, {@code test:<label>_<random>:}, on the shared server. */
  public static RedisNamespace newNamespace(String label) {
    return new RedisNamespace(server(), "test:" + Labels.unique(label) + ":");
  }
}
