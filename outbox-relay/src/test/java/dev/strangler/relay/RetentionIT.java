package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/** Streams trimmed only below what every consumer group acknowledged; a full stream stops the relay instead of dropping events. */
@ExtendWith(RelayFixtureExtension.class)
class RetentionIT {

  private final AtomicBoolean stopConsumers = new AtomicBoolean();
  // Threads of the test's own: the common pool has a single worker on a 2-core machine.
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws Exception {
    stopConsumers.set(true);
    threads.shutdown();
    threads.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void aStalledGroupUnderContinuousPublishingLosesNoEntryItHasNotAcknowledgedAndTheRelayWaitsForIt(RelayFixture fx) throws Exception {
    String key = fx.streams().key("Product");
    fx.streams().redis().xgroupCreate(key, "fast", new StreamEntryID(0, 0), true);
    fx.streams().redis().xgroupCreate(key, "stalled", new StreamEntryID(0, 0), false);
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").batchSize(50).streamCap(300)
        .trimInterval(Duration.ofMillis(20)).build(), fx.outbox().dataSource(), fx.streams().redis());
    List<Long> fastSaw = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> fast = CompletableFuture.runAsync(() -> consume(fx.streams(), key, "fast", fastSaw, Duration.ofMinutes(2)), threads);

    // the stalled group takes 30 entries and acknowledges only the first 10
    List<Long> inserted = new CopyOnWriteArrayList<>(fx.outbox().insertMany(40, "Product"));
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Product") >= 30);
    List<StreamEntry> taken = read(fx.streams(), key, "stalled", 30);
    fx.streams().redis().xack(key, "stalled", taken.subList(0, 10).stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
    long firstUnacknowledged = taken.get(10).getID().getTime();

    // continuous publishing: the stream only ever loses entries below the stalled group's first unacknowledged one
    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 24; i++) {
        try {
          inserted.addAll(fx.outbox().insertMany(40, "Product"));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }, threads);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
      assertNothingUnacknowledgedTrimmed(fx.streams(), key, firstUnacknowledged);
      return producing.isDone() && Relays.meter(relay, "relay.backpressure") == 1.0;
    });
    producing.join();

    // back-pressure: the stream holds what the stalled group still needs, the rest waits in the outbox
    assertNothingUnacknowledgedTrimmed(fx.streams(), key, firstUnacknowledged);
    assertThat(fx.streams().length("Product")).isLessThanOrEqualTo(300);
    assertThat(fx.streams().ids("Product").get(0)).isEqualTo(firstUnacknowledged);
    assertThat(fx.outbox().unpublished()).isNotEmpty();
    assertThat(Relays.meter(relay, "relay.stream.length")).isGreaterThanOrEqualTo(290.0);

    // the stalled group catches up: publishing resumes, and it saw every event exactly once, in order
    List<Long> stalledSaw = new ArrayList<>(taken.stream().map(e -> e.getID().getTime()).toList());
    fx.streams().redis().xack(key, "stalled", taken.subList(10, 30).stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
    consumeUntil(fx.streams(), key, "stalled", stalledSaw, inserted.size());
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.outbox().unpublished().isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> fastSaw.size() == inserted.size());
    assertThat(stalledSaw).isEqualTo(inserted);
    assertThat(fastSaw).isEqualTo(inserted);
    await().atMost(Duration.ofSeconds(10)).until(() -> Relays.meter(relay, "relay.backpressure") == 0.0);
    stopConsumers.set(true);
    fast.join();
  }

  @Test
  void entriesEveryGroupHasAcknowledgedAreTrimmed(RelayFixture fx) throws Exception {
    String key = fx.streams().key("Order");
    fx.streams().redis().xgroupCreate(key, "only", new StreamEntryID(0, 0), true);
    fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    List<Long> inserted = fx.outbox().insertMany(50, "Order");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    List<Long> saw = new ArrayList<>();
    consumeUntil(fx.streams(), key, "only", saw, 50);
    assertThat(saw).isEqualTo(inserted);
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Order") == 0);
  }

  @Test
  void aStreamWithoutConsumerGroupsIsNeverTrimmed(RelayFixture fx) throws Exception {
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    List<Long> inserted = fx.outbox().insertMany(50, "Customer");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fx.streams().length("Customer") == 50);
    assertThat(fx.streams().ids("Customer")).isEqualTo(inserted);
    assertThat(Relays.meter(relay, "relay.stream.length")).isEqualTo(50.0);
  }

  /** Every entry from the stalled group's first unacknowledged one to the stream's end is there, none missing. */
  private static void assertNothingUnacknowledgedTrimmed(TestStreams streams, String key, long firstUnacknowledged) {
    List<Long> ids = streams.ids("Product");
    assertThat(ids).as("stream").isNotEmpty();
    assertThat(ids.get(0)).as("first entry left in the stream").isLessThanOrEqualTo(firstUnacknowledged);
    List<Long> kept = ids.stream().filter(id -> id >= firstUnacknowledged).toList();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i)).as("entry %d after the stalled group's first unacknowledged", i).isEqualTo(firstUnacknowledged + i);
    }
  }

  private static List<StreamEntry> read(TestStreams streams, String key, String group, int count) {
    var reply = streams.redis().xreadGroup(group, "c", XReadGroupParams.xReadGroupParams().count(count),
        Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    return reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
  }

  /** Reads and acknowledges until {@code saw} holds {@code total} sequences. */
  private static void consumeUntil(TestStreams streams, String key, String group, List<Long> saw, int total) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
      for (StreamEntry e : read(streams, key, group, 100)) {
        saw.add(e.getID().getTime());
        streams.redis().xack(key, group, e.getID());
      }
      return saw.size() >= total;
    });
  }

  private void consume(TestStreams streams, String key, String group, List<Long> saw, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!stopConsumers.get() && System.nanoTime() < deadline) {
      for (StreamEntry e : read(streams, key, group, 100)) {
        saw.add(e.getID().getTime());
        streams.redis().xack(key, group, e.getID());
      }
      Thread.onSpinWait();
    }
  }
}
