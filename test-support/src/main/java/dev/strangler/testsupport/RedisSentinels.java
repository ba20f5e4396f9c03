package dev.strangler.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel deployment of the test's own on loopback: a primary, one replica and three sentinels (quorum 2, a primary
 * is judged down after {@value #DOWN_AFTER_MILLIS} ms), every process on a free port and stopped by {@link #close()}.
 * Started only once the replica is in sync and every sentinel knows the replica and the two other sentinels, so a
 * failover can happen as soon as a test kills the primary.
 */
public final class RedisSentinels implements AutoCloseable {

  /** The master name the sentinels monitor. */
  public static final String MASTER_NAME = "strangler";
  /** How long a silent primary takes to be judged down. */
  public static final int DOWN_AFTER_MILLIS = 1_000;
  /** A failover not done in this time is tried again by another sentinel. */
  public static final int FAILOVER_TIMEOUT_MILLIS = 3_000;
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  private final List<RedisServerProcess> servers = new ArrayList<>();
  private final List<RedisServerProcess> sentinels = new ArrayList<>();
  private final List<Path> configs = new ArrayList<>();

  private RedisSentinels() {}

  /** Starts the five processes; every one started is stopped again when a later one fails. */
  public static RedisSentinels start() {
    RedisSentinels deployment = new RedisSentinels();
    try {
      deployment.launch();
      return deployment;
    } catch (RuntimeException | Error e) {
      deployment.close();
      throw e;
    }
  }

  private void launch() {
    RedisServerProcess primary = RedisServerProcess.start();
    servers.add(primary);
    servers.add(RedisServerProcess.startWith(List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port()))));
    await("replica in sync").atMost(READY_WITHIN).until(() -> info(replica(), "master_link_status").equals("up"));
    for (int i = 0; i < 3; i++) {
      sentinels.add(RedisServerProcess.startSentinel(config(primary.port())));
    }
    await("sentinels know the replica and each other").atMost(READY_WITHIN).until(() -> sentinels.stream().allMatch(s -> {
      try (Jedis jedis = connect(s.port())) {
        return !jedis.sentinelReplicas(MASTER_NAME).isEmpty() && jedis.sentinelSentinels(MASTER_NAME).size() == 2;
      }
    }));
  }

  private Path config(int primaryPort) {
    try {
      Path config = Files.createTempFile("strangler-sentinel-", ".conf");
      configs.add(config);
      Files.writeString(config, String.join("\n",
          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " 2",
          "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MILLIS,
          "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MILLIS,
          "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/0?master=strangler}. */
  public String url() {
    return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
        + "/0?master=" + MASTER_NAME;
  }

  /** The server that was the primary when started. */
  public RedisServerProcess primary() {
    return servers.get(0);
  }

  /** The server that was the replica when started: the one promoted when the primary dies. */
  public RedisServerProcess replica() {
    return servers.get(1);
  }

  /** The port of the master the sentinels name now. */
  public int masterPort() {
    try (Jedis jedis = connect(sentinels.get(0).port())) {
      return jedis.sentinelGetMasterAddrByName(MASTER_NAME).get(1).transform(Integer::parseInt);
    }
  }

  /** A connection to the server the sentinels name as master now. */
  public Jedis master() {
    return connect(masterPort());
  }

  /** Waits until the sentinels have promoted the replica and it acts as master. */
  public void awaitReplicaPromoted(Duration within) {
    await("replica promoted").atMost(within).until(() -> masterPort() == replica().port()
        && info(replica(), "role").equals("master"));
  }

  private static String info(RedisServerProcess server, String field) {
    try (Jedis jedis = connect(server.port())) {
      return jedis.info("replication").lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).trim())
          .findFirst().orElse("");
    }
  }

  private static Jedis connect(int port) {
    return new Jedis("127.0.0.1", port);
  }

  @Override
  public void close() {
    sentinels.forEach(RedisServerProcess::close);
    servers.forEach(RedisServerProcess::close);
    configs.forEach(c -> c.toFile().delete());
  }
}
