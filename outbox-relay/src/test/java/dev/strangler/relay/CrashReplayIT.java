package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.outbox.OutboxRow;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A relay that dies between appending a batch and marking it: the next one re-publishes, Redis rejects the duplicates. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CrashReplayIT {

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
  void aCrashBetweenAppendAndMarkLosesNothingAndPublishesNothingTwice() throws Exception {
    List<Long> sequences = outbox.insertMany(60, "Product");
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
    relays.start(Relays.options(namespace, "a").batchSize(20).build(), outbox.dataSource(), streams.redis(), crashAfterSecondAppend);
    await().atMost(Duration.ofSeconds(10)).untilTrue(crashed);
    assertThat(streams.ids("Product")).isEqualTo(sequences.subList(0, 40));
    assertThat(outbox.published()).isEqualTo(sequences.subList(0, 20));

    OutboxRelay b = relays.start(Relays.options(namespace, "b").batchSize(20).build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(15)).until(() -> outbox.unpublished().isEmpty());
    assertThat(streams.ids("Product")).isEqualTo(sequences);
    assertThat(Relays.meter(b, "relay.events.duplicate")).isEqualTo(20.0);
    assertThat(Relays.meter(b, "relay.events.published")).isEqualTo(20.0);
  }

  @Test
  void aRepublishAfterRedisAlreadyHoldsTheRowsIsCountedAsDuplicatesNotErrors() throws Exception {
    List<Long> sequences = outbox.insertMany(10, "Order");
    OutboxRelay a = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    a.stop(Duration.ofSeconds(10));
    // as if the marks were lost (a restore, an operator's mistake): every row goes again
    try (var c = outbox.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("update outbox set published_at = null");
    }
    streams.redis().del(namespace.key("relay:outbox:position"));

    OutboxRelay b = relays.start(Relays.options(namespace, "b").build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    assertThat(streams.ids("Order")).isEqualTo(sequences);
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
