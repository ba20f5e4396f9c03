package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two real transactions committing out of order: the relay never publishes past a row that may still commit. */
@ExtendWith(RelayFixtureExtension.class)
class GapIT {

  @Test
  void aLaterRowWaitsWhileTheTransactionHoldingAnEarlierSequenceIsOpenLongAfterTheGrace(RelayFixture fx) throws Exception {
    long first = fx.outbox().insert("Product", "ACME-0");
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().ids("Product").contains(first));

    try (Connection slow = fx.outbox().begin(); Connection fast = fx.outbox().begin()) {
      long early = TestOutbox.insert(slow, "Product", "ACME-1");
      long late = TestOutbox.insert(fast, "Product", "ACME-2");
      fast.commit();
      assertThat(late).isGreaterThan(early);

      // Five times the grace: time alone would have passed the gap; the open transaction holds it.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> fx.streams().ids("Product").size() == 1);
      assertThat(Relays.meter(relay, "relay.gap.blocked")).isGreaterThan(0.0);

      slow.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().ids("Product").size() == 3);
      assertThat(fx.streams().ids("Product")).containsExactly(first, early, late);
    }
    assertThat(fx.outbox().unpublished()).isEmpty();
    assertThat(Relays.meter(relay, "relay.gaps.skipped")).isZero();
  }

  @Test
  void aRolledBackTransactionLeavesAPermanentGapThatIsPassedOnceItHasEnded(RelayFixture fx) throws Exception {
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    long first = fx.outbox().insert("Order", "O-0");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().ids("Order").contains(first));

    long kept;
    try (Connection doomed = fx.outbox().begin(); Connection fine = fx.outbox().begin()) {
      TestOutbox.insert(doomed, "Order", "O-1");
      kept = TestOutbox.insert(fine, "Order", "O-2");
      fine.commit();
      doomed.rollback();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().ids("Order").size() == 2);
    assertThat(fx.streams().ids("Order")).containsExactly(first, kept);
    assertThat(Relays.meter(relay, "relay.gaps.skipped")).isEqualTo(1.0);
  }

  @Test
  void aRowCommittedAfterTheMaximumWaitIsLateAndGoesToTheLateStreamNotLost(RelayFixture fx) throws Exception {
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").gapMaxWait(Duration.ofMillis(800)).build(),
        fx.outbox().dataSource(), fx.streams().redis());
    long first = fx.outbox().insert("Product", "ACME-0");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().ids("Product").contains(first));

    try (Connection slow = fx.outbox().begin(); Connection fast = fx.outbox().begin()) {
      long early = TestOutbox.insert(slow, "Product", "ACME-1");
      long later = TestOutbox.insert(fast, "Product", "ACME-2");
      fast.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().ids("Product").contains(later));

      slow.commit();
      await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
      assertThat(fx.streams().ids("Product")).containsExactly(first, later);
      var lateEntries = fx.streams().redis().xrange(fx.streams().key("Product") + ":late", (redis.clients.jedis.StreamEntryID) null,
          (redis.clients.jedis.StreamEntryID) null);
      assertThat(lateEntries).singleElement().satisfies(e -> assertThat(e.getFields()).containsEntry("sequence", String.valueOf(early)));
    }
    assertThat(Relays.meter(relay, "relay.events.late")).isEqualTo(1.0);
  }

  @Test
  void manyConcurrentWritersCommittingInAnyOrderArePublishedInSequenceOrderWithNothingMissing(RelayFixture fx) throws Exception {
    fx.relays().start(Relays.options(fx.namespace(), "a").batchSize(50).build(), fx.outbox().dataSource(), fx.streams().redis());
    int writers = 4;
    int perWriter = 150;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            try (Connection c = fx.outbox().begin()) {
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
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Customer")).isEqualTo(fx.outbox().published()).hasSize(writers * perWriter * 9 / 10);
  }
}
