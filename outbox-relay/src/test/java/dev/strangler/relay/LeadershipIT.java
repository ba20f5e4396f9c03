package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.outbox.OutboxRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several relays on one outbox: one leads, a new leader gets the next fencing token, a paused former leader can't append. */
@ExtendWith(RelayFixtureExtension.class)
class LeadershipIT {

  @Test
  void oneOfTwoRelaysLeadsAndTheOtherTakesOverWithTheNextFencingTokenWhenItStops(RelayFixture fx) throws Exception {
    OutboxRelay a = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
    OutboxRelay b = fx.relays().start(Relays.options(fx.namespace(), "b").build(), fx.outbox().dataSource(), fx.streams().redis());
    List<Long> sequences = new ArrayList<>(fx.outbox().insertMany(100, "Product"));

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> a.isLeader() && !b.isLeader());
    assertThat(a.fencingToken()).isEqualTo(1);
    assertThat(Relays.meter(b, "relay.leader")).isZero();

    assertThat(a.stop(Duration.ofSeconds(10))).isTrue();
    // a gave the lease up: b takes over at its next attempt, not after the expiry
    await().atMost(Duration.ofMillis(1_500)).until(b::isLeader);
    assertThat(b.fencingToken()).isEqualTo(2);
    sequences.addAll(fx.outbox().insertMany(100, "Product"));
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Product")).isEqualTo(sequences);
  }

  @Test
  void aLeaderPausedPastItsLeaseIsFencedAndAppendsNothingAfterTheNewLeaderTookOver(RelayFixture fx) throws Exception {
    PausingHook pause = new PausingHook();
    OutboxRelay a = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis(), pause);
    List<Long> sequences = new ArrayList<>(fx.outbox().insertMany(20, "Order"));
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    pause.arm();
    sequences.addAll(fx.outbox().insertMany(20, "Order"));
    pause.awaitPaused();   // a holds a batch it read, as in a long GC pause or a frozen VM
    OutboxRelay b = fx.relays().start(Relays.options(fx.namespace(), "b").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
    assertThat(b.fencingToken()).isEqualTo(2);
    sequences.addAll(fx.outbox().insertMany(20, "Order"));
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    pause.resume();        // a wakes up and tries to append the batch it held
    await().atMost(Duration.ofSeconds(10)).until(() -> Relays.meter(a, "relay.fenced") == 1.0);
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !a.isLeader() && b.isLeader());
    assertThat(fx.streams().ids("Order")).isEqualTo(sequences);
    assertThat(Relays.meter(b, "relay.events.published")).isEqualTo(40.0);
  }

  @Test
  void aLeaderWhoseLeaseExpiredWhilePausedTakesItAgainWithANewTokenBeforeAppending(RelayFixture fx) throws Exception {
    PausingHook pause = new PausingHook();
    OutboxRelay a = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis(), pause);
    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
    pause.arm();
    List<Long> sequences = fx.outbox().insertMany(10, "Customer");
    pause.awaitPaused();
    await().atMost(Duration.ofSeconds(10)).until(() -> !fx.streams().redis().exists(fx.namespace().key("relay:outbox:lease")));

    pause.resume();
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(Relays.meter(a, "relay.fenced")).isEqualTo(1.0);
    assertThat(a.fencingToken()).isEqualTo(2);
    assertThat(fx.streams().ids("Customer")).isEqualTo(sequences);
  }

  /** Holds the relay's thread before its next append once armed, as a stop-the-world pause would. */
  static final class PausingHook implements RelayHooks {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void arm() {
      armed.set(true);
    }

    void awaitPaused() throws InterruptedException {
      assertThat(paused.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("relay paused before an append").isTrue();
    }

    void resume() {
      released.countDown();
    }

    @Override
    public void beforeAppend(List<OutboxRow> rows) throws InterruptedException {
      if (armed.compareAndSet(true, false)) {
        paused.countDown();
        released.await();
      }
    }
  }
}
