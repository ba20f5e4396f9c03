package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.resps.StreamEntry;

/** The relay jar as a process, killed outright mid-backlog and started again: every row appended exactly once, in order. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RelayProcessIT {

  private static final Path JAR = Path.of(System.getProperty("outbox.relay.jar", "target/outbox-relay.jar"));
  private static final Path LOGS = Path.of("target", "process-logs");
  private static final List<String> TYPES = List.of("Product", "Order", "Customer");
  private static final int ROWS = 60_000;

  private TestOutbox outbox;
  private TestStreams streams;
  private RedisNamespace namespace;
  private final List<JavaProcess> processes = new ArrayList<>();
  private final Map<JavaProcess, Integer> ports = new HashMap<>();

  @BeforeEach
  void setUp(PostgresDatabase database, RedisNamespace namespace) throws Exception {
    this.outbox = TestOutbox.open(database);
    this.streams = new TestStreams(namespace);
    this.namespace = namespace;
  }

  @AfterEach
  void tearDown() {
    processes.forEach(JavaProcess::close);
    streams.close();
    outbox.close();
  }

  @Test
  void killedMidBacklogAndStartedAgainItAppendsEveryRowExactlyOnceInOrder() throws Exception {
    backlog(ROWS);
    JavaProcess first = start("relay-first");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> appended() >= 3_000);
    first.kill();
    long beforeRestart = appended();
    assertThat(beforeRestart).as("killed mid-backlog").isLessThan(ROWS);
    assertThat(outbox.unpublished()).isNotEmpty();

    JavaProcess second = start("relay-second");
    await().atMost(Duration.ofSeconds(120)).until(() -> outbox.unpublished().isEmpty());

    assertEveryRowOnceInOrder(ROWS);

    String metrics = get(second, "/metrics").body();
    assertThat(metrics).contains("relay_leader 1.0", "relay_fencing_token 2.0", "relay_events_published_total",
        "relay_batch_seconds_bucket", "relay_lag_seconds", "relay_stream_length{stream=\"" + streams.key("Product") + "\"}");
    assertThat(get(second, "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aLeaderFrozenWithSigstopIsReplacedAndOnceThawedAppendsNothing() throws Exception {
    backlog(ROWS);
    JavaProcess a = start("relay-a");
    await().atMost(Duration.ofSeconds(30)).until(() -> leads(a));
    JavaProcess b = start("relay-b");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> appended() >= 3_000);

    signal(a, "STOP");
    await().atMost(Duration.ofSeconds(30)).until(() -> leads(b));
    await().atMost(Duration.ofSeconds(120)).until(() -> outbox.unpublished().isEmpty());
    signal(a, "CONT");

    // a wakes up mid-step: its next write is fenced or its renewal fails; it stands by
    await().atMost(Duration.ofSeconds(10)).until(() -> !leads(a));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> leads(b) && !leads(a));
    assertThat(get(b, "/metrics").body()).contains("relay_fencing_token 2.0");
    assertEveryRowOnceInOrder(ROWS);
  }

  @Test
  void sigtermFinishesTheBatchInFlightAndGivesTheLeaseUp() throws Exception {
    backlog(20_000);
    JavaProcess relay = start("relay-stopping");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> appended() >= 1_000);
    relay.stop(Duration.ofSeconds(20));

    assertThat(relay.logTail(5)).contains("outbox relay relay-stopping stopped");
    assertThat(streams.redis().exists(namespace.key("relay:outbox:lease"))).as("lease released").isFalse();
    // every appended row was marked before the process exited: nothing in Redis is unmarked in the outbox
    assertThat((long) outbox.published().size()).isEqualTo(appended());
  }

  @Test
  void badSettingsAreListedAndTheProcessExitsWithoutAStackTrace() throws Exception {
    JavaProcess relay = JavaProcess.start("relay-bad", JAR, Map.of("RELAY_BATCH_SIZE", "lots", "RELAY_LEASE_TTL", "5"),
        List.of(), LOGS);
    processes.add(relay);
    assertThat(relay.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(relay.logTail(20)).contains("config: RELAY_BATCH_SIZE must be a whole number (got 'lots')",
        "config: RELAY_DATABASE_URL is required", "config: RELAY_LEASE_TTL must be at least 100 ms (got 5 ms)")
        .doesNotContain("Exception", "\tat ");
  }

  private JavaProcess start(String name) {
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DATABASE_URL", outbox.database().jdbcUrl());
    env.put("RELAY_DATABASE_USER", outbox.database().username());
    if (outbox.database().password() != null) {
      env.put("RELAY_DATABASE_PASSWORD", outbox.database().password());
    }
    env.put("RELAY_REDIS_URL", namespace.endpoint().uri());
    env.put("RELAY_KEY_PREFIX", namespace.prefix());
    env.put("RELAY_INSTANCE_ID", name);
    env.put("RELAY_HTTP_PORT", String.valueOf(port));
    env.put("RELAY_BATCH_SIZE", "100");
    env.put("RELAY_LEASE_TTL", "2s");
    env.put("RELAY_LEASE_RENEW_INTERVAL", "500ms");
    JavaProcess process = JavaProcess.start(name, JAR, env, List.of(), LOGS);
    processes.add(process);
    ports.put(process, port);
    return process.awaitReady("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(60));
  }

  private void backlog(int rows) throws Exception {
    try (Connection c = outbox.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("insert into outbox (event_id, aggregate_type, aggregate_id, event_type, payload)"
          + " select gen_random_uuid(), (array['Product','Order','Customer'])[1 + i % 3], 'A-' || i, 'Changed',"
          + " jsonb_build_object('i', i) from generate_series(1, " + rows + ") i");
    }
  }

  private long appended() {
    return TYPES.stream().mapToLong(streams::length).sum();
  }

  private List<Long> sequencesOf(String type) throws Exception {
    List<Long> result = new ArrayList<>();
    try (Connection c = outbox.dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select sequence from outbox where aggregate_type = '" + type + "' order by sequence")) {
      while (rs.next()) {
        result.add(rs.getLong(1));
      }
    }
    return result;
  }

  private HttpResponse<String> get(JavaProcess process, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(process) + path))
        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean leads(JavaProcess process) throws Exception {
    return get(process, "/health/ready").body().contains("\"leader\":true");
  }

  /** SIGSTOP / SIGCONT: the process keeps its sockets and its lease key but does nothing, like a long pause. */
  private static void signal(JavaProcess process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -" + signal).isZero();
  }

  /** Each stream holds exactly the rows of its aggregate type, in sequence order, each event once. */
  private void assertEveryRowOnceInOrder(int rows) throws Exception {
    Set<String> eventIds = new HashSet<>();
    for (String type : TYPES) {
      List<StreamEntry> entries = streams.entries(type);
      assertThat(streams.ids(type)).as(type + " entries in sequence order").isEqualTo(sequencesOf(type));
      entries.forEach(e -> {
        assertThat(e.getFields().get("sequence")).isEqualTo(String.valueOf(e.getID().getTime()));
        eventIds.add(e.getFields().get("eventId"));
      });
    }
    assertThat(eventIds).as("distinct events across the streams").hasSize(rows);
  }
}
