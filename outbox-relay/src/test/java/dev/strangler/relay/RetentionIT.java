package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/** Streams trimmed only below what every consumer group acknowledged; a full stream stops the relay instead of dropping events. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RetentionIT {

  private TestOutbox outbox;
  private TestStreams streams;
  private RedisNamespace namespace;
  private final Relays relays = new Relays();
  private final AtomicBoolean stopConsumers = new AtomicBoolean();
  // Threads of the test's own: the common pool has a single worker on a 2-core machine.
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp(PostgresDatabase database, RedisNamespace namespace) throws Exception {
    this.outbox = TestOutbox.open(database);
    this.streams = new TestStreams(namespace);
    this.namespace = namespace;
  }

  @AfterEach
  void tearDown() throws Exception {
    stopConsumers.set(true);
    threads.shutdown();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    relays.close();
    streams.close();
    outbox.close();
  }

  @Test
  void aStalledGroupUnderContinuousPublishingLosesNoEntryItHasNotAcknowledgedAndTheRelayWaitsForIt() throws Exception {
    String key = streams.key("Product");
    streams.redis().xgroupCreate(key, "fast", new StreamEntryID(0, 0), true);
    streams.redis().xgroupCreate(key, "stalled", new StreamEntryID(0, 0), false);
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").batchSize(50).streamCap(300)
        .trimInterval(Duration.ofMillis(20)).build(), outbox.dataSource(), streams.redis());
    List<Long> fastSaw = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> fast = CompletableFuture.runAsync(() -> consume(key, "fast", fastSaw, Duration.ofMinutes(2)), threads);

    // the stalled group takes 30 entries and acknowledges only the first 10
    List<Long> inserted = new CopyOnWriteArrayList<>(outbox.insertMany(40, "Product"));
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.length("Product") >= 30);
    List<StreamEntry> taken = read(key, "stalled", 30);
    streams.redis().xack(key, "stalled", taken.subList(0, 10).stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
    long firstUnacknowledged = taken.get(10).getID().getTime();

    // continuous publishing: the stream only ever loses entries below the stalled group's first unacknowledged one
    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 24; i++) {
        try {
          inserted.addAll(outbox.insertMany(40, "Product"));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }, threads);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
      assertNothingUnacknowledgedTrimmed(key, firstUnacknowledged);
      return producing.isDone() && Relays.meter(relay, "relay.backpressure") == 1.0;
    });
    producing.join();

    // back-pressure: the stream holds what the stalled group still needs, the rest waits in the outbox
    assertNothingUnacknowledgedTrimmed(key, firstUnacknowledged);
    assertThat(streams.length("Product")).isLessThanOrEqualTo(300);
    assertThat(streams.ids("Product").get(0)).isEqualTo(firstUnacknowledged);
    assertThat(outbox.unpublished()).isNotEmpty();
    assertThat(Relays.meter(relay, "relay.stream.length")).isGreaterThanOrEqualTo(290.0);

    // the stalled group catches up: publishing resumes, and it saw every event exactly once, in order
    List<Long> stalledSaw = new ArrayList<>(taken.stream().map(e -> e.getID().getTime()).toList());
    streams.redis().xack(key, "stalled", taken.subList(10, 30).stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
    consumeUntil(key, "stalled", stalledSaw, inserted.size());
    await().atMost(Duration.ofSeconds(30)).until(() -> outbox.unpublished().isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> fastSaw.size() == inserted.size());
    assertThat(stalledSaw).isEqualTo(inserted);
    assertThat(fastSaw).isEqualTo(inserted);
    await().atMost(Duration.ofSeconds(10)).until(() -> Relays.meter(relay, "relay.backpressure") == 0.0);
    stopConsumers.set(true);
    fast.join();
  }

  @Test
  void entriesEveryGroupHasAcknowledgedAreTrimmed() throws Exception {
    String key = streams.key("Order");
    streams.redis().xgroupCreate(key, "only", new StreamEntryID(0, 0), true);
    relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    List<Long> inserted = outbox.insertMany(50, "Order");
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());

    List<Long> saw = new ArrayList<>();
    consumeUntil(key, "only", saw, 50);
    assertThat(saw).isEqualTo(inserted);
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.length("Order") == 0);
  }

  @Test
  void aStreamWithoutConsumerGroupsIsNeverTrimmed() throws Exception {
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    List<Long> inserted = outbox.insertMany(50, "Customer");
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> streams.length("Customer") == 50);
    assertThat(streams.ids("Customer")).isEqualTo(inserted);
    assertThat(Relays.meter(relay, "relay.stream.length")).isEqualTo(50.0);
  }

  /** Every entry from the stalled group's first unacknowledged one to the stream's end is there, none missing. */
  private void assertNothingUnacknowledgedTrimmed(String key, long firstUnacknowledged) {
    List<Long> ids = streams.ids("Product");
    assertThat(ids).as("stream").isNotEmpty();
    assertThat(ids.get(0)).as("first entry left in the stream").isLessThanOrEqualTo(firstUnacknowledged);
    List<Long> kept = ids.stream().filter(id -> id >= firstUnacknowledged).toList();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i)).as("entry %d after the stalled group's first unacknowledged", i).isEqualTo(firstUnacknowledged + i);
    }
  }

  private List<StreamEntry> read(String key, String group, int count) {
    var reply = streams.redis().xreadGroup(group, "c", XReadGroupParams.xReadGroupParams().count(count),
        Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    return reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
  }

  /** Reads and acknowledges until {@code saw} holds {@code total} sequences. */
  private void consumeUntil(String key, String group, List<Long> saw, int total) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
      for (StreamEntry e : read(key, group, 100)) {
        saw.add(e.getID().getTime());
        streams.redis().xack(key, group, e.getID());
      }
      return saw.size() >= total;
    });
  }

  private void consume(String key, String group, List<Long> saw, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!stopConsumers.get() && System.nanoTime() < deadline) {
      for (StreamEntry e : read(key, group, 100)) {
        saw.add(e.getID().getTime());
        streams.redis().xack(key, group, e.getID());
      }
      Thread.onSpinWait();
    }
  }
}
