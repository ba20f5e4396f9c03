package dev.strangler.relay.redis;

import dev.strangler.redis.RedisDeployment;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The relay's Jedis client for a Redis URL of the shared syntax ({@link RedisDeployment}): a standalone URL as Jedis
 * reads it; Sentinel through the sentinels (Jedis follows a failover to the new master by itself, listening for
 * {@code +switch-master}); Cluster through its seed nodes. Credentials and TLS go to every server, sentinels included.
 */
public final class RedisClients {

  /** Connecting, and waiting for any one reply, fails after this long (Jedis' own default, named). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Hostname verification as HTTPS does it: the certificate's subject alternative names must match the host. */
  public static final String HOSTNAME_VERIFICATION = "HTTPS";

  private RedisClients() {}

  public static UnifiedJedis create(String url) {
    RedisDeployment deployment = RedisDeployment.parse(url);
    return switch (deployment.mode()) {
      case STANDALONE -> deployment.tls()
          ? RedisClient.builder().hostAndPort(new HostAndPort(deployment.nodes().getFirst().host(), deployment.nodes().getFirst().port()))
              .clientConfig(config(deployment, deployment.database())).build()
          : RedisClient.create(URI.create(deployment.url()));
      case SENTINEL -> RedisSentinelClient.builder().masterName(deployment.masterName()).sentinels(nodes(deployment))
          .clientConfig(config(deployment, deployment.database())).sentinelClientConfig(config(deployment, 0)).build();
      case CLUSTER -> RedisClusterClient.builder().nodes(nodes(deployment)).clientConfig(config(deployment, 0)).build();
    };
  }

  /** The sentinels or the seed nodes, in the URL's order. */
  static Set<HostAndPort> nodes(RedisDeployment deployment) {
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    deployment.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
    return nodes;
  }

  /**
   * Credentials, TLS and timeouts of every connection; the database only where one is chosen (never on a sentinel). With
   * TLS the server's certificate must name the host connected to, and is trusted through the URL's CA file when it names
   * one, else through the JVM's trust store; the URL's client certificate, when it names one, is presented.
   */
  static JedisClientConfig config(RedisDeployment deployment, int database) {
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().user(deployment.user())
        .password(deployment.password()).database(database).ssl(deployment.tls())
        .timeoutMillis((int) DEFAULT_TIMEOUT.toMillis());
    if (deployment.tls()) {
      SSLParameters parameters = new SSLParameters();
      parameters.setEndpointIdentificationAlgorithm(HOSTNAME_VERIFICATION);
      config.sslParameters(parameters);
      SSLContext context = deployment.sslContext(); // the URL's CA file and client certificate, when it names them
      if (context != null) {
        config.sslSocketFactory(context.getSocketFactory());
      }
    }
    return config.build();
  }
}
