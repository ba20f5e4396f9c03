package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.outbox.OutboxRow;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several relays on one outbox: one leads, a new leader gets the next fencing token, a paused former leader can't append. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class LeadershipIT {

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
  void oneOfTwoRelaysLeadsAndTheOtherTakesOverWithTheNextFencingTokenWhenItStops() throws Exception {
    OutboxRelay a = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
    OutboxRelay b = relays.start(Relays.options(namespace, "b").build(), outbox.dataSource(), streams.redis());
    List<Long> sequences = new ArrayList<>(outbox.insertMany(100, "Product"));

    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> a.isLeader() && !b.isLeader());
    assertThat(a.fencingToken()).isEqualTo(1);
    assertThat(Relays.meter(b, "relay.leader")).isZero();

    assertThat(a.stop(Duration.ofSeconds(10))).isTrue();
    // a gave the lease up: b takes over at its next attempt, not after the expiry
    await().atMost(Duration.ofMillis(1_500)).until(b::isLeader);
    assertThat(b.fencingToken()).isEqualTo(2);
    sequences.addAll(outbox.insertMany(100, "Product"));
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    assertThat(streams.ids("Product")).isEqualTo(sequences);
  }

  @Test
  void aLeaderPausedPastItsLeaseIsFencedAndAppendsNothingAfterTheNewLeaderTookOver() throws Exception {
    PausingHook pause = new PausingHook();
    OutboxRelay a = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis(), pause);
    List<Long> sequences = new ArrayList<>(outbox.insertMany(20, "Order"));
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());

    pause.arm();
    sequences.addAll(outbox.insertMany(20, "Order"));
    pause.awaitPaused();   // a holds a batch it read, as in a long GC pause or a frozen VM
    OutboxRelay b = relays.start(Relays.options(namespace, "b").build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
    assertThat(b.fencingToken()).isEqualTo(2);
    sequences.addAll(outbox.insertMany(20, "Order"));
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());

    pause.resume();        // a wakes up and tries to append the batch it held
    await().atMost(Duration.ofSeconds(10)).until(() -> Relays.meter(a, "relay.fenced") == 1.0);
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !a.isLeader() && b.isLeader());
    assertThat(streams.ids("Order")).isEqualTo(sequences);
    assertThat(Relays.meter(b, "relay.events.published")).isEqualTo(40.0);
  }

  @Test
  void aLeaderWhoseLeaseExpiredWhilePausedTakesItAgainWithANewTokenBeforeAppending() throws Exception {
    PausingHook pause = new PausingHook();
    OutboxRelay a = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis(), pause);
    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
    pause.arm();
    List<Long> sequences = outbox.insertMany(10, "Customer");
    pause.awaitPaused();
    await().atMost(Duration.ofSeconds(10)).until(() -> !streams.redis().exists(namespace.key("relay:outbox:lease")));

    pause.resume();
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    assertThat(Relays.meter(a, "relay.fenced")).isEqualTo(1.0);
    assertThat(a.fencingToken()).isEqualTo(2);
    assertThat(streams.ids("Customer")).isEqualTo(sequences);
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
