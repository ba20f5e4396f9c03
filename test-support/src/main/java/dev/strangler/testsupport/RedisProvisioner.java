package dev.strangler.testsupport;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** The three ways the harness gets a Redis server; {@link #choose} picks one in that order. */
public final class RedisProvisioner {

  /** The environment variable that points the harness at an existing server. */
  public static final String ENV_REDIS_URL = "REDIS_URL";
  /** The image Testcontainers runs: the Redis line this project supports. */
  public static final String DEFAULT_IMAGE = "redis:7.0-alpine";

  private static final Logger LOG = LoggerFactory.getLogger(RedisProvisioner.class);

  private RedisProvisioner() {}

  /** REDIS_URL when set; else Testcontainers when Docker answers; else a redis-server of our own. */
  public static RedisEndpoint choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
    String url = env.get(ENV_REDIS_URL);
    RedisEndpoint endpoint;
    if (url != null && !url.isBlank()) {
      endpoint = fromUrl(url);
    } else if (dockerAvailable.getAsBoolean()) {
      endpoint = fromTestcontainers();
    } else {
      endpoint = fromOwnProcess();
    }
    LOG.info("test Redis: {}", endpoint);
    return endpoint;
  }

  public static RedisEndpoint fromUrl(String url) {
    return RedisEndpoint.parse(url, ENV_REDIS_URL);
  }

  /** A Redis container for the rest of the JVM's life (Testcontainers removes it at exit). */
  public static RedisEndpoint fromTestcontainers() {
    @SuppressWarnings("resource")
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(DEFAULT_IMAGE))
        .withExposedPorts(RedisEndpoint.DEFAULT_PORT);
    container.start();
    return new RedisEndpoint(container.getHost(), container.getMappedPort(RedisEndpoint.DEFAULT_PORT),
        null, null, 0, "Testcontainers " + DEFAULT_IMAGE);
  }

  /** A redis-server process for the rest of the JVM's life, stopped by a shutdown hook. */
  public static RedisEndpoint fromOwnProcess() {
    RedisServerProcess server = RedisServerProcess.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-redis"));
    return server.endpoint();
  }
}
