package dev.strangler.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * A Redis Cluster of the test's own on loopback: three masters, no replicas, the 16384 slots split by
 * {@code CLUSTER ADDSLOTS} and {@code CLUSTER MEET}; every process on a free port and stopped by {@link #close()}.
 */
public final class RedisCluster implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final int SLOTS = 16_384;

  private final List<RedisServerProcess> nodes = new ArrayList<>();

  private RedisCluster() {}

  public static RedisCluster start() {
    RedisCluster cluster = new RedisCluster();
    try {
      cluster.launch();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void launch() {
    for (int i = 0; i < 3; i++) {
      nodes.add(RedisServerProcess.startWith(List.of("--cluster-enabled", "yes", "--cluster-node-timeout", "2000")));
    }
    // What redis-cli --cluster create does, without needing redis-cli: a third of the slots each, then one handshake.
    int perNode = SLOTS / nodes.size();
    for (int i = 0; i < nodes.size(); i++) {
      int first = i * perNode;
      int last = i == nodes.size() - 1 ? SLOTS - 1 : first + perNode - 1;
      try (Jedis jedis = connect(nodes.get(i))) {
        jedis.clusterAddSlots(IntStream.rangeClosed(first, last).toArray());
        if (i > 0) {
          jedis.clusterMeet("127.0.0.1", nodes.get(0).port());
        }
      }
    }
    await("cluster state ok on every node").atMost(READY_WITHIN).until(() -> nodes.stream().allMatch(n -> {
      try (Jedis jedis = connect(n)) {
        return jedis.clusterInfo().contains("cluster_state:ok");
      }
    }));
  }

  private static Jedis connect(RedisServerProcess node) {
    return new Jedis("127.0.0.1", node.port());
  }

  /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
  public String url() {
    return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
  }

  /** A Jedis client of the whole cluster (it follows the slots to their masters); the caller closes it. */
  public RedisClusterClient client() {
    return RedisClusterClient.builder().nodes(nodes.stream().map(n -> new HostAndPort("127.0.0.1", n.port()))
        .collect(Collectors.toSet())).build();
  }

  public List<RedisServerProcess> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerProcess::close);
  }
}
