package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 5's accounting check: 20,000 outbox events over 500 aggregates, written by concurrent
 * transactions (so rows commit out of sequence order), relayed by two relay processes and consumed by
 * two consumer groups (an accounting consumer process each) while relays and consumers are SIGKILLed
 * at random points and started again. Every event is applied exactly once per group, in order per
 * aggregate, and nothing is left pending.
 */
class EventAccountingIT {

  static final int EVENTS = 20_000;
  static final int AGGREGATES = 500;
  static final int KILLS = 8;
  static final List<String> GROUPS = List.of("billing", "search");

  private final RedisNamespace redis = RealRedis.newNamespace("event-accounting");
  private final PostgresDatabase database = RealPostgres.newDatabase("event_accounting");
  private final Path logs = Path.of(System.getProperty("acceptance.logs", "target/acceptance-logs")).resolve("event-accounting");
  private final Map<String, JavaProcess> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> runs = new HashMap<>();
  private final Random random = new Random(5L);

  @AfterEach
  void stop() {
    running.values().forEach(JavaProcess::close);
    redis.close();
    database.close();
  }

  @Test
  void everyEventIsAppliedExactlyOnceInOrderWhileRelaysAndConsumersAreKilled() throws Exception {
    createOutbox();
    Map<String, Integer> written = new ConcurrentHashMap<>();
    start("relay-1");
    start("relay-2");
    for (String group : GROUPS) {
      start("consumer-" + group);
    }
    ExecutorService writers = Executors.newFixedThreadPool(4);
    AtomicInteger left = new AtomicInteger(EVENTS);
    List<Future<?>> writing = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      long seed = w;
      writing.add(writers.submit(() -> write(left, written, new Random(seed))));
    }
    List<String> killed = new ArrayList<>();
    for (int k = 0; k < KILLS; k++) {
      int before = EVENTS - left.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> EVENTS - left.get() >= Math.min(EVENTS, before + EVENTS / (KILLS + 2)));
      List<String> names = new ArrayList<>(running.keySet());
      String victim = names.get(random.nextInt(names.size()));
      running.remove(victim).kill();
      killed.add(victim);
      start(victim);
    }
    for (Future<?> f : writing) {
      f.get();
    }
    writers.shutdown();
    System.out.printf("killed (SIGKILL, then restarted): %s%n", killed);

    try (Jedis jedis = redis.endpoint().connect()) {
      for (String group : GROUPS) {
        String keys = redis.prefix() + "acct-" + group + ":";
        try {
          await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
              .until(() -> total(jedis, keys) == EVENTS && pending(jedis, group) == 0);
        } catch (ConditionTimeoutException e) {
          throw new AssertionError("group " + group + " did not apply every event: " + state(jedis, group, keys, written), e);
        }
        assertThat(jedis.lrange(keys + "violations", 0, 20)).as("duplicates or out-of-order applications in " + group).isEmpty();
        Map<String, String> applied = jedis.hgetAll(keys + "applied");
        assertThat(applied).hasSize(AGGREGATES);
        written.forEach((aggregate, count) ->
            assertThat(applied.get(aggregate)).as("events applied for " + aggregate + " in " + group).isEqualTo(String.valueOf(count)));
        for (String stream : streams()) {
          assertThat(jedis.xlen(stream + ":dead:" + group)).as("dead letters").isZero();
        }
      }
    }
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      var rs = s.executeQuery("select count(*) from outbox where published_at is null");
      rs.next();
      assertThat(rs.getLong(1)).as("rows left unpublished").isZero();
    }
  }

  /** Writes events in transactions of 1–20 rows over the aggregates, until {@code left} runs out. */
  private void write(AtomicInteger left, Map<String, Integer> written, Random random) {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("insert into outbox (event_id, aggregate_type, aggregate_id, "
          + "event_type, payload) values (?, ?, ?, 'Changed', ?::jsonb)")) {
        while (true) {
          int batch = Math.min(1 + random.nextInt(20), left.get());
          if (batch <= 0 || left.addAndGet(-batch) < 0) {
            left.addAndGet(batch);
            if (left.get() <= 0) {
              return;
            }
            continue;
          }
          Map<String, Integer> counts = new HashMap<>();
          for (int i = 0; i < batch; i++) {
            int n = random.nextInt(AGGREGATES);
            String type = n % 2 == 0 ? "Product" : "Order";
            String id = String.valueOf(n);
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, type);
            insert.setString(3, id);
            insert.setString(4, "{\"n\": " + n + "}");
            insert.addBatch();
            counts.merge(type + ":" + id, 1, Integer::sum);
          }
          insert.executeBatch();
          c.commit();
          counts.forEach((k, v) -> written.merge(k, v, Integer::sum));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void start(String name) {
    int run = runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    String runName = name + "-run" + run; // logs are per name: one per run
    JavaProcess process;
    if (name.startsWith("relay")) {
      int port = FreePort.find();
      process = JavaProcess.start(runName, Seam.jar("acceptance.relay.jar"), Map.of(
          "RELAY_DATABASE_URL", database.jdbcUrl(), "RELAY_DATABASE_USER", database.username(),
          "RELAY_DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
          "RELAY_REDIS_URL", redis.endpoint().uri(), "RELAY_KEY_PREFIX", redis.prefix(),
          "RELAY_INSTANCE_ID", runName, "RELAY_HTTP_HOST", "127.0.0.1", "RELAY_HTTP_PORT", String.valueOf(port),
          "RELAY_LEASE_TTL", "2s", "RELAY_LEASE_RENEW_INTERVAL", "500ms"), List.of(), logs)
          .awaitReady("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(60));
    } else {
      String group = name.substring("consumer-".length());
      process = JavaProcess.startClass(runName, System.getProperty("java.class.path"),
          "dev.strangler.servicekit.events.AccountingConsumer", Map.of(
              "ACCOUNTING_REDIS_URL", redis.endpoint().uri(), "ACCOUNTING_KEY_PREFIX", redis.prefix() + "acct-" + group + ":",
              "ACCOUNTING_STREAMS", String.join(",", streams()), "ACCOUNTING_GROUP", group,
              "ACCOUNTING_CONSUMER", "consumer-" + group, "ACCOUNTING_CLAIM_MIN_IDLE_MS", "1000"), List.of(), logs)
          .awaitLogLine("accounting consumer ready", Duration.ofSeconds(60));
    }
    running.put(name, process);
  }

  private List<String> streams() {
    return List.of(redis.prefix() + "events:product", redis.prefix() + "events:order");
  }

  /** What the group did, for a failure message: counts, pending entries by consumer, and the aggregates that differ. */
  private String state(Jedis jedis, String group, String keys, Map<String, Integer> written) {
    StringBuilder out = new StringBuilder().append("total ").append(total(jedis, keys)).append(" of ").append(EVENTS)
        .append(", skipped ").append(jedis.scard(keys + "skipped"))
        .append(", violations ").append(jedis.lrange(keys + "violations", 0, 5));
    for (String stream : streams()) {
      out.append("; ").append(stream).append(": length ").append(jedis.exists(stream) ? jedis.xlen(stream) : 0);
      try {
        var pending = jedis.xpending(stream, group);
        out.append(", pending ").append(pending.getTotal()).append(' ').append(pending.getConsumerMessageCount())
            .append(" from ").append(pending.getMinId()).append(" to ").append(pending.getMaxId())
            .append(", dead ").append(jedis.xlen(stream + ":dead:" + group));
      } catch (RuntimeException e) {
        out.append(", no group: ").append(e.getMessage());
      }
    }
    Map<String, String> applied = jedis.hgetAll(keys + "applied");
    List<String> differing = new ArrayList<>();
    written.forEach((aggregate, count) -> {
      if (!String.valueOf(count).equals(applied.get(aggregate))) {
        differing.add(aggregate + " written " + count + " applied " + applied.get(aggregate)
            + " last " + jedis.hget(keys + "last", aggregate));
      }
    });
    return out.append("; ").append(differing.size()).append(" aggregates differ: ")
        .append(differing.subList(0, Math.min(10, differing.size()))).toString();
  }

  private static long total(Jedis jedis, String keys) {
    String total = jedis.get(keys + "total");
    return total == null ? 0 : Long.parseLong(total);
  }

  private long pending(Jedis jedis, String group) {
    long pending = 0;
    for (String stream : streams()) {
      if (jedis.exists(stream)) {
        try {
          pending += jedis.xpending(stream, group).getTotal();
        } catch (RuntimeException noGroupYet) {
          return Long.MAX_VALUE;
        }
      }
    }
    return pending;
  }

  /** Acme Shop's own schema (its first migration), outbox included: the relay's default table. */
  private void createOutbox() throws Exception {
    String schema = Files.readString(Path.of("..", "legacy-monolith", "src", "main", "resources", "db", "migration",
        "V1__shop_schema.sql"));
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute(schema);
    }
  }
}
