package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two real transactions committing out of order: the relay never publishes past a row that may still commit. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class GapIT {

  private TestOutbox outbox;
  private TestStreams streams;
  private RedisNamespace namespace;
  private final Relays relays = new Relays();

  @BeforeEach
  void setUp(PostgresDatabase database, RedisNamespace namespace) throws Exception {
    this.outbox = TestOutbox.open(database);
    this.streams = new TestStreams(namespace);
    this.namespace = namespace;
  }

  @AfterEach
  void tearDown() throws Exception {
    relays.close();
    streams.close();
    outbox.close();
  }

  @Test
  void aLaterRowWaitsWhileTheTransactionHoldingAnEarlierSequenceIsOpenLongAfterTheGrace() throws Exception {
    long first = outbox.insert("Product", "ACME-0");
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.ids("Product").contains(first));

    try (Connection slow = outbox.begin(); Connection fast = outbox.begin()) {
      long early = TestOutbox.insert(slow, "Product", "ACME-1");
      long late = TestOutbox.insert(fast, "Product", "ACME-2");
      fast.commit();
      assertThat(late).isGreaterThan(early);

      // Five times the grace: time alone would have passed the gap; the open transaction holds it.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> streams.ids("Product").size() == 1);
      assertThat(Relays.meter(relay, "relay.gap.blocked")).isGreaterThan(0.0);

      slow.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> streams.ids("Product").size() == 3);
      assertThat(streams.ids("Product")).containsExactly(first, early, late);
    }
    assertThat(outbox.unpublished()).isEmpty();
    assertThat(Relays.meter(relay, "relay.gaps.skipped")).isZero();
  }

  @Test
  void aRolledBackTransactionLeavesAPermanentGapThatIsPassedOnceItHasEnded() throws Exception {
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    long first = outbox.insert("Order", "O-0");
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.ids("Order").contains(first));

    long kept;
    try (Connection doomed = outbox.begin(); Connection fine = outbox.begin()) {
      TestOutbox.insert(doomed, "Order", "O-1");
      kept = TestOutbox.insert(fine, "Order", "O-2");
      fine.commit();
      doomed.rollback();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.ids("Order").size() == 2);
    assertThat(streams.ids("Order")).containsExactly(first, kept);
    assertThat(Relays.meter(relay, "relay.gaps.skipped")).isEqualTo(1.0);
  }

  @Test
  void aRowCommittedAfterTheMaximumWaitIsLateAndGoesToTheLateStreamNotLost() throws Exception {
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").gapMaxWait(Duration.ofMillis(800)).build(),
        outbox.dataSource(), streams.redis());
    long first = outbox.insert("Product", "ACME-0");
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.ids("Product").contains(first));

    try (Connection slow = outbox.begin(); Connection fast = outbox.begin()) {
      long early = TestOutbox.insert(slow, "Product", "ACME-1");
      long later = TestOutbox.insert(fast, "Product", "ACME-2");
      fast.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> streams.ids("Product").contains(later));

      slow.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
      assertThat(streams.ids("Product")).containsExactly(first, later);
      var lateEntries = streams.redis().xrange(streams.key("Product") + ":late", (redis.clients.jedis.StreamEntryID) null,
          (redis.clients.jedis.StreamEntryID) null);
      assertThat(lateEntries).singleElement().satisfies(e -> assertThat(e.getFields()).containsEntry("sequence", String.valueOf(early)));
    }
    assertThat(Relays.meter(relay, "relay.events.late")).isEqualTo(1.0);
  }

  @Test
  void manyConcurrentWritersCommittingInAnyOrderArePublishedInSequenceOrderWithNothingMissing() throws Exception {
    relays.start(Relays.options(namespace, "a").batchSize(50).build(), outbox.dataSource(), streams.redis());
    int writers = 4;
    int perWriter = 150;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            try (Connection c = outbox.begin()) {
              TestOutbox.insert(c, "Customer", "C-" + writer + "-" + i);
              if (i % 10 == 9) {
                c.rollback(); // a permanent gap now and then
              } else {
                c.commit();
              }
            }
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> outbox.unpublished().isEmpty());
    assertThat(streams.ids("Customer")).isEqualTo(outbox.published()).hasSize(writers * perWriter * 9 / 10);
  }
}
