package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.outbox.OutboxRow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A relay that dies between appending a batch and marking it: the next one re-publishes, Redis rejects the duplicates. */
@ExtendWith(RelayFixtureExtension.class)
class CrashReplayIT {

  @Test
  void aCrashBetweenAppendAndMarkLosesNothingAndPublishesNothingTwice(RelayFixture fx) throws Exception {
    List<Long> sequences = fx.outbox().insertMany(60, "Product");
    AtomicBoolean crashed = new AtomicBoolean();
    RelayHooks crashAfterSecondAppend = new RelayHooks() {
      private int batches;

      @Override
      public void afterAppend(List<OutboxRow> rows) {
        if (++batches == 2) {
          crashed.set(true);
          throw new Crash(); // the thread dies: no mark, no lease release, as when the process is killed
        }
      }
    };
    fx.relays().start(Relays.options(fx.namespace(), "a").batchSize(20).build(), fx.outbox().dataSource(), fx.streams().redis(), crashAfterSecondAppend);
    await().atMost(Duration.ofSeconds(10)).untilTrue(crashed);
    assertThat(fx.streams().ids("Product")).isEqualTo(sequences.subList(0, 40));
    assertThat(fx.outbox().published()).isEqualTo(sequences.subList(0, 20));

    OutboxRelay b = fx.relays().start(Relays.options(fx.namespace(), "b").batchSize(20).build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(15)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Product")).isEqualTo(sequences);
    assertThat(Relays.meter(b, "relay.events.duplicate")).isEqualTo(20.0);
    assertThat(Relays.meter(b, "relay.events.published")).isEqualTo(20.0);
  }

  @Test
  void aRepublishAfterRedisAlreadyHoldsTheRowsIsCountedAsDuplicatesNotErrors(RelayFixture fx) throws Exception {
    List<Long> sequences = fx.outbox().insertMany(10, "Order");
    OutboxRelay a = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    a.stop(Duration.ofSeconds(10));
    // as if the marks were lost (a restore, an operator's mistake): every row goes again
    try (var c = fx.outbox().dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("update outbox set published_at = null");
    }
    fx.streams().redis().del(fx.namespace().key("relay:outbox:position"));

    OutboxRelay b = fx.relays().start(Relays.options(fx.namespace(), "b").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Order")).isEqualTo(sequences);
    assertThat(Relays.meter(b, "relay.events.duplicate")).isEqualTo(10.0);
    assertThat(Relays.meter(b, "relay.errors")).isZero();
  }

  /** Stands for the process dying: not caught by the relay's loop. */
  static final class Crash extends Error {
    Crash() {
      super("simulated crash between append and mark", null, false, false);
    }
  }
}
