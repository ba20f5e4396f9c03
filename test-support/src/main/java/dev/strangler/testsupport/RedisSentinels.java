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
  private static final String ADMIN = "test-admin";
  private static final String ADMIN_PASSWORD = "test-admin-password";

  private final List<RedisServerProcess> servers = new ArrayList<>();
  private final List<RedisServerProcess> sentinels = new ArrayList<>();
  private final List<Path> configs = new ArrayList<>();
  private final Path acl;

  private RedisSentinels(Path acl) {
    this.acl = acl;
  }

  /** Starts the five processes; every one started is stopped again when a later one fails. */
  public static RedisSentinels start() {
    return start(null);
  }

  /**
   * As {@link #start()}, the servers loading the users of {@code aclFile} (plus an admin of the harness's, with which
   * the replica and the sentinels log in to them) and the sentinels accepting the same users with the same passwords,
   * as a client's Sentinel URL needs.
   */
  public static RedisSentinels startWithAcl(Path aclFile) {
    return start(java.util.Objects.requireNonNull(aclFile, "aclFile == null"));
  }

  private static RedisSentinels start(Path aclFile) {
    RedisSentinels deployment = new RedisSentinels(aclFile == null ? null : aclCopy(aclFile));
    try {
      deployment.launch();
      return deployment;
    } catch (RuntimeException | Error e) {
      deployment.close();
      throw e;
    }
  }

  private static Path aclCopy(Path aclFile) {
    try {
      Path copy = Files.createTempFile("strangler-users-", ".acl");
      Files.writeString(copy, Files.readString(aclFile) + "\nuser " + ADMIN + " on >" + ADMIN_PASSWORD + " ~* &* +@all\n");
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() {
    List<String> auth = acl == null ? List.of() : List.of("--aclfile", acl.toString(), "--masteruser", ADMIN, "--masterauth", ADMIN_PASSWORD);
    RedisServerProcess primary = RedisServerProcess.startWith(auth);
    servers.add(primary);
    List<String> replica = new ArrayList<>(auth);
    replica.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port())));
    servers.add(RedisServerProcess.startWith(replica));
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
      if (acl != null) {
        // The sentinels log in to the servers as the admin; clients log in to the sentinels as themselves.
        List<String> lines = new ArrayList<>(List.of("sentinel auth-user " + MASTER_NAME + " " + ADMIN,
            "sentinel auth-pass " + MASTER_NAME + " " + ADMIN_PASSWORD));
        for (String line : Files.readAllLines(acl)) {
          String[] words = line.trim().split("\\s+");
          if (words.length > 3 && words[0].equals("user") && !words[1].equals("default") && words[3].startsWith(">")) {
            lines.add("user " + words[1] + " on " + words[3] + " &* +@all"); // Jedis subscribes to +switch-master
          }
        }
        Files.writeString(config, String.join("\n", lines) + "\n", java.nio.file.StandardOpenOption.APPEND);
      }
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

  /** The three sentinels, in the URL's order; the first is the one {@link #failover()} asks. */
  public List<RedisServerProcess> sentinels() {
    return List.copyOf(sentinels);
  }

  /** True once every sentinel names the server on {@code port} as the master. */
  public boolean everySentinelNames(int port) {
    return sentinels.stream().allMatch(s -> {
      try (Jedis jedis = connect(s.port())) {
        return Integer.parseInt(jedis.sentinelGetMasterAddrByName(MASTER_NAME).get(1)) == port;
      }
    });
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

  /** A connection to the server the sentinels name as master now (as the harness's admin when there are ACL users). */
  public Jedis master() {
    return server(masterPort());
  }

  private Jedis server(int port) {
    Jedis jedis = connect(port);
    if (acl != null) {
      jedis.auth(ADMIN, ADMIN_PASSWORD);
    }
    return jedis;
  }

  /** Asks the sentinels for a planned failover (SENTINEL FAILOVER): the replica is promoted, the primary made its replica. */
  public void failover() {
    failover(0);
  }

  /**
   * As {@link #failover()}, asked of the sentinel at {@code index} of the URL's list: it leads the failover and is the
   * first to name the new master; the others hear of it from it within about 2 s.
   */
  public void failover(int index) {
    try (Jedis jedis = connect(sentinels.get(index).port())) {
      jedis.sentinelFailover(MASTER_NAME);
    }
  }

  /** Waits until the sentinels have promoted the replica and it acts as master. */
  public void awaitReplicaPromoted(Duration within) {
    await("replica promoted").atMost(within).until(() -> masterPort() == replica().port()
        && info(replica(), "role").equals("master"));
  }

  private String info(RedisServerProcess server, String field) {
    try (Jedis jedis = server(server.port())) {
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
    if (acl != null) {
      acl.toFile().delete();
    }
  }
}
