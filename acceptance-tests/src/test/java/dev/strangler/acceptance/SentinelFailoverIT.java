package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.RedisSentinels;
import dev.strangler.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;

/**
 * Issue 9, scenario C: a Sentinel failover with the primary SIGKILLed while the outbox is written and a consumer group
 * reads. Replication is cut just before (the replica frozen with SIGSTOP and its link closed by the primary), so the
 * events the relay appends in between reach the primary only and vanish with it: a lost tail, made on purpose and
 * checked to be real. The relay finds Redis's position below its own, re-publishes the tail from the outbox, and the
 * consumer (its effects and guards on another Redis, so what it applied on the doomed primary counts) applies every
 * event exactly once. The time each part was out of service is measured and printed.
 */
class SentinelFailoverIT {

  private static final int AGGREGATES = 20;
  private static final long WRITE_EVERY_MILLIS = 5;
  /** Sequences the relay appends while replication is cut: the lost tail is at least this long. */
  private static final int CUT_AT_LEAST = 40;

  private final RedisNamespace redis = RealRedis.newNamespace("sentinel-failover");
  private final PostgresDatabase database = RealPostgres.newDatabase("sentinel_failover");
  private final Path logs = Path.of(System.getProperty("acceptance.logs", "target/acceptance-logs")).resolve("sentinel-failover");
  private final List<JavaProcess> processes = new ArrayList<>();
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, Integer> written = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
  /** The writer's connection, used on its thread only. */
  private Connection writing;

  @AfterEach
  void stop() throws Exception {
    writer.shutdownNow();
    writer.awaitTermination(10, TimeUnit.SECONDS);
    if (writing != null) {
      writing.close();
    }
    processes.forEach(JavaProcess::close);
    redis.close();
    database.close();
  }

  @Test
  void aTailTheFailoverLostIsPublishedAgainAndEveryEventIsAppliedExactlyOnce() throws Exception {
    createOutbox();
    String prefix = redis.prefix();
    String stream = prefix + "events:product";
    String acct = prefix + "acct:";
    try (RedisSentinels sentinels = RedisSentinels.start(); Jedis effects = redis.endpoint().connect()) {
      int relayPort = startRelay(sentinels.url(), prefix);
      startConsumer(sentinels.url(), acct, stream);
      writer.scheduleAtFixedRate(this::writeOne, 0, WRITE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> total(effects, acct) >= 200);

      // Cut replication: the replica frozen, its link closed by the primary; what the relay appends now stays there.
      RedisServerProcess primary = sentinels.primary();
      long positionAtKill;
      try (Jedis doomed = new Jedis("127.0.0.1", primary.port())) {
        sentinels.replica().pause();
        doomed.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "replica");
        long cutAt = position(doomed, prefix);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> position(doomed, prefix) >= cutAt + CUT_AT_LEAST);
        // The consumer applies some of them too (its guards then have to skip their re-publishing).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> maxApplied(effects, acct) > cutAt);
        positionAtKill = position(doomed, prefix);
      }
      long killedAt = System.nanoTime();
      primary.kill();
      sentinels.replica().resume();
      long replicated;
      try (Jedis replica = new Jedis("127.0.0.1", sentinels.replica().port())) {
        // It reads what reached its socket before the cut, then finds the link closed; it is not promoted yet (that
        // takes the sentinels' down-after time): its position is what survives the failover.
        await().atMost(Duration.ofSeconds(5)).until(() -> replica.info("replication").contains("master_link_status:down"));
        replicated = position(replica, prefix);
      }
      List<Long> lostTail = sequences("sequence > " + replicated + " and sequence <= " + positionAtKill);
      long appliedFromLostTail = lostTail.stream().filter(seq -> effects.sismember(acct + "seen", eventId(seq))).count();
      assertThat(replicated).as("the failover loses a tail: replica position vs primary's at the kill").isLessThan(positionAtKill);
      assertThat(lostTail).hasSizeGreaterThanOrEqualTo(CUT_AT_LEAST);

      // Out of service: the relay until its first append on the promoted replica, the consumer until it applies an
      // event published after the failover; and when the whole lost tail is in the stream again.
      long promoted = -1;
      long relayBack = -1;
      long repaired = -1;
      long consumerBack = -1;
      long deadline = killedAt + Duration.ofSeconds(40).toNanos();
      while ((promoted < 0 || relayBack < 0 || repaired < 0 || consumerBack < 0) && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        if (promoted < 0 && sentinels.masterPort() == sentinels.replica().port()) {
          promoted = now;
        }
        if (promoted >= 0) {
          try (Jedis master = sentinels.master()) {
            if (relayBack < 0 && position(master, prefix) > replicated) {
              relayBack = now;
            }
            if (repaired < 0 && ids(master, stream, replicated).containsAll(lostTail)) {
              repaired = now;
            }
          } catch (RuntimeException notYetMaster) {
            // the promoted replica may refuse a moment longer
          }
        }
        if (consumerBack < 0 && maxApplied(effects, acct) > positionAtKill) {
          consumerBack = now;
        }
        Thread.sleep(10);
      }
      assertThat(repaired).as("the lost tail re-published within 40 s").isPositive();
      assertThat(consumerBack).as("the consumer applying new events within 40 s").isPositive();

      // Traffic goes on after recovery: another 100 outbox rows written before the writer stops.
      int writtenAtRecovery = written.values().stream().mapToInt(Integer::intValue).sum();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> written.values().stream().mapToInt(Integer::intValue).sum() >= writtenAtRecovery + 100);
      writer.shutdown();
      assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writeFailure.get()).as("outbox writes").isNull();
      int events = written.values().stream().mapToInt(Integer::intValue).sum();

      List<Long> all = sequences("true");
      assertThat(all).hasSize(events);
      await().atMost(Duration.ofSeconds(30)).until(() -> sequences("published_at is null").isEmpty());
      try (Jedis master = sentinels.master()) {
        // The relay trims what the group acknowledged (its safe trim point), so the stream holds a suffix of them all.
        List<Long> held = ids(master, stream, 0);
        assertThat(held).as("the stream: every event from its first entry on, once, in order")
            .isEqualTo(all.subList(all.indexOf(held.get(0)), all.size()));
        await().atMost(Duration.ofSeconds(30)).until(() -> total(effects, acct) == events
            && master.xpending(stream, "accounting").getTotal() == 0);
      }
      assertThat(effects.lrange(acct + "violations", 0, 20)).as("events applied twice or out of order").isEmpty();
      Map<String, String> applied = effects.hgetAll(acct + "applied");
      written.forEach((aggregate, count) ->
          assertThat(applied.get(aggregate)).as("events applied for " + aggregate).isEqualTo(String.valueOf(count)));
      String metrics = get(relayPort, "/metrics");
      assertThat(metric(metrics, "relay_lost_tails_total")).isGreaterThanOrEqualTo(1);
      assertThat(metric(metrics, "relay_events_republished_total")).isGreaterThanOrEqualTo(lostTail.size());

      System.out.printf("[failover] lost tail: %d events (sequences %d..%d), %d of them applied by the consumer before the"
              + " kill; %d events in all%n", lostTail.size(), replicated + 1, positionAtKill, appliedFromLostTail, events);
      System.out.printf("[failover] from SIGKILL: replica promoted after %d ms, relay appending again after %d ms, lost"
              + " tail back in the stream after %d ms, consumer applying new events after %d ms%n", ms(promoted - killedAt),
          ms(relayBack - killedAt), ms(repaired - killedAt), ms(consumerBack - killedAt));
      System.out.printf("[failover] relay: lost tails %.0f, sequences lost %.0f, re-published %.0f, repair took %.0f ms,"
              + " failed steps %.0f%n", metric(metrics, "relay_lost_tails_total"), metric(metrics, "relay_lost_sequences_total"),
          metric(metrics, "relay_events_republished_total"), metric(metrics, "relay_tail_repair_seconds_sum") * 1000,
          metric(metrics, "relay_errors_total"));
    }
  }

  private void writeOne() {
    int n = written.values().stream().mapToInt(Integer::intValue).sum() % AGGREGATES;
    try {
      if (writing == null) {
        writing = database.connect();
      }
      PreparedStatement insert = writing.prepareStatement("insert into outbox (event_id, aggregate_type, aggregate_id,"
          + " event_type, payload) values (?, 'Product', ?, 'Changed', ?::jsonb)");
      insert.setObject(1, UUID.randomUUID());
      insert.setString(2, String.valueOf(n));
      insert.setString(3, "{\"n\": " + n + "}");
      insert.executeUpdate();
      written.merge("Product:" + n, 1, Integer::sum);
    } catch (Exception e) {
      writeFailure.compareAndSet(null, e);
    }
  }

  private int startRelay(String url, String prefix) {
    int port = FreePort.find();
    processes.add(JavaProcess.start("relay", Seam.jar("acceptance.relay.jar"), Map.of(
            "RELAY_DATABASE_URL", database.jdbcUrl(), "RELAY_DATABASE_USER", database.username(),
            "RELAY_DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
            "RELAY_REDIS_URL", url, "RELAY_KEY_PREFIX", prefix, "RELAY_INSTANCE_ID", "relay-1",
            "RELAY_HTTP_HOST", "127.0.0.1", "RELAY_HTTP_PORT", String.valueOf(port)), List.of(), logs)
        .awaitReady("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(60)));
    return port;
  }

  /** An accounting consumer reading through the sentinels, its effects and guards on the shared Redis. */
  private void startConsumer(String url, String acct, String stream) {
    Map<String, String> env = new HashMap<>(Map.of("ACCOUNTING_REDIS_URL", url, "ACCOUNTING_EFFECTS_REDIS_URL",
        redis.endpoint().uri(), "ACCOUNTING_KEY_PREFIX", acct, "ACCOUNTING_STREAMS", stream, "ACCOUNTING_GROUP", "accounting",
        "ACCOUNTING_CONSUMER", "consumer-1", "ACCOUNTING_CLAIM_MIN_IDLE_MS", "1000"));
    processes.add(JavaProcess.startClass("consumer", System.getProperty("java.class.path"),
        "dev.strangler.servicekit.events.AccountingConsumer", env, List.of(), logs)
        .awaitLogLine("accounting consumer ready", Duration.ofSeconds(60)));
  }

  private static long position(Jedis jedis, String prefix) {
    String value = jedis.get(prefix + "relay:outbox:position");
    return value == null ? -1 : Long.parseLong(value);
  }

  private static List<Long> ids(Jedis jedis, String stream, long after) {
    return jedis.xrange(stream, new StreamEntryID(after + 1, 0), (StreamEntryID) null).stream()
        .map(e -> e.getID().getTime()).toList();
  }

  private static long total(Jedis jedis, String acct) {
    String total = jedis.get(acct + "total");
    return total == null ? 0 : Long.parseLong(total);
  }

  private static long maxApplied(Jedis jedis, String acct) {
    return jedis.hvals(acct + "last").stream().mapToLong(Long::parseLong).max().orElse(-1);
  }

  private List<Long> sequences(String where) throws Exception {
    List<Long> sequences = new ArrayList<>();
    try (Connection c = database.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select sequence from outbox where " + where + " order by sequence")) {
      while (rs.next()) {
        sequences.add(rs.getLong(1));
      }
    }
    return sequences;
  }

  private String eventId(long sequence) {
    try (Connection c = database.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select event_id from outbox where sequence = " + sequence)) {
      rs.next();
      return rs.getString(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double metric(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(2)) : -1;
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
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
