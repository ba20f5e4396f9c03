package dev.strangler.redis.vertx;

import dev.strangler.redis.RedisDeployment;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;

/**
 * Vert.x client options for a {@link RedisDeployment}: a standalone URL as it is; Sentinel with the sentinels as
 * endpoints, the master name and the MASTER role (each new connection asks the sentinels where the master is now);
 * Cluster with the seed nodes, reads and writes on masters only. TLS and credentials come with every endpoint; with TLS
 * the server's certificate must name the host of the URL (or the one a sentinel gives), and is trusted through the
 * URL's CA file when it names one, else through the JVM's trust store.
 */
public final class RedisClientOptions {

  /** Hostname verification as HTTPS does it: the certificate's subject alternative names must match the host. */
  public static final String HOSTNAME_VERIFICATION = "HTTPS";

  /**
   * Connections per Cluster node. vertx-redis-client 5.0.7 deadlocks when every pooled connection is held by a cluster
   * connection whose command waits for the hash slot refresh (every 1 s), which needs a pooled connection itself
   * (#541): a Cluster client's pool must stay larger than the calls its component has in flight at once.
   */
  public static final int CLUSTER_POOL_SIZE = 32;

  private RedisClientOptions() {}

  /** Options for the deployment {@code url} describes; fails with {@link dev.strangler.redis.InvalidRedisUrlException}. */
  public static RedisOptions of(String url) {
    return of(RedisDeployment.parse(url));
  }

  public static RedisOptions of(RedisDeployment deployment) {
    RedisOptions options = switch (deployment.mode()) {
      case STANDALONE -> new RedisOptions().setConnectionString(deployment.url());
      case SENTINEL -> new RedisOptions().setType(RedisClientType.SENTINEL).setEndpoints(deployment.nodeUrls())
          .setMasterName(deployment.masterName()).setRole(RedisRole.MASTER);
      case CLUSTER -> new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(deployment.nodeUrls())
          .setUseReplicas(RedisReplicas.NEVER).setMaxPoolSize(CLUSTER_POOL_SIZE)
          .setMaxPoolWaiting(CLUSTER_POOL_SIZE * 4);
    };
    if (deployment.tls()) {
      NetClientOptions net = options.getNetClientOptions().setHostnameVerificationAlgorithm(HOSTNAME_VERIFICATION);
      if (deployment.trust() != null) {
        net.setTrustOptions(new PemTrustOptions().addCertPath(deployment.trust().caFile().toString()));
      }
      if (deployment.clientCertificate() != null) {
        net.setKeyCertOptions(new PemKeyCertOptions().setCertPath(deployment.clientCertificate().certFile().toString())
            .setKeyPath(deployment.clientCertificate().keyFile().toString()));
      }
    }
    return options;
  }
}
