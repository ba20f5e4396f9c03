package dev.strangler.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of the test's own on loopback: three masters, no replicas, the 16384 slots split by
 * {@code redis-cli --cluster create}; every process on a free port and stopped by {@link #close()}.
 */
public final class RedisCluster implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

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
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    run(command);
    await("cluster state ok on every node").atMost(READY_WITHIN).until(() -> nodes.stream().allMatch(n -> {
      try (Jedis jedis = new Jedis("127.0.0.1", n.port())) {
        return jedis.clusterInfo().contains("cluster_state:ok");
      }
    }));
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
  public String url() {
    return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
  }

  public List<RedisServerProcess> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerProcess::close);
  }
}
