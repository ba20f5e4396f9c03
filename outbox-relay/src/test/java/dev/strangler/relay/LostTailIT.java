package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Redis losing the tail the relay published, as a failover to a replica that had not received it does: the streams and
 * the relay's position back where the replica stood (made here on the test's Redis; {@code SentinelFailoverIT} does it
 * with a real failover). The relay finds the position below its own and re-publishes the lost rows from the outbox,
 * before anything newer, and never below what the streams had trimmed.
 */
@ExtendWith(RelayFixtureExtension.class)
class LostTailIT {

  private static final ProtocolCommand XSETID = () -> SafeEncoder.encode("XSETID");

  @Test
  void aTailLostWhileTheRelayIsIdleIsFoundAtItsNextRenewalAndPublishedAgain(RelayFixture fx) throws Exception {
    List<Long> products = fx.outbox().insertMany(15, "Product");
    List<Long> orders = fx.outbox().insertMany(15, "Order");
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    long kept = products.get(9);
    loseTail(fx, kept, "Product", "Order");
    assertThat(fx.streams().ids("Order")).isEmpty();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(fx.streams().ids("Product")).isEqualTo(products);
      assertThat(fx.streams().ids("Order")).isEqualTo(orders);
    });
    // The entries are in the stream as soon as the append returns; the counters follow it.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(Relays.meter(relay, "relay.lost.tails")).isEqualTo(1.0);
      assertThat(Relays.meter(relay, "relay.lost.sequences")).isEqualTo(20.0);
      assertThat(Relays.meter(relay, "relay.events.republished")).isEqualTo(20.0);
    });
    assertThat(fx.streams().fields("Order", orders.get(3))).containsEntry("aggregateId", "ORDER-3");
  }

  @Test
  void aTailLostUnderTrafficGoesBackBeforeAnyNewerEvent(RelayFixture fx) throws Exception {
    List<Long> first = fx.outbox().insertMany(20, "Product");
    // Renewals far apart: the append script, not the periodic check, finds the loss.
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").leaseTtl(Duration.ofSeconds(20))
        .leaseRenewInterval(Duration.ofSeconds(10)).build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    loseTail(fx, first.get(11), "Product");
    List<Long> next = fx.outbox().insertMany(5, "Product");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    List<Long> all = new ArrayList<>(first);
    all.addAll(next);
    assertThat(fx.streams().ids("Product")).as("the lost 8 again, then the new 5: in sequence order").isEqualTo(all);
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(Relays.meter(relay, "relay.events.republished")).isEqualTo(8.0));
    assertThat(Relays.meter(relay, "relay.events.late")).isZero();
  }

  @Test
  void nothingTheStreamHadTrimmedIsPublishedAgain(RelayFixture fx) throws Exception {
    List<Long> sequences = fx.outbox().insertMany(30, "Product");
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    // The replica had every entry up to the 20th, and had trimmed them all (acknowledged by every group): empty stream.
    long kept = sequences.get(19);
    fx.streams().redis().xtrim(fx.streams().key("Product"), redis.clients.jedis.params.XTrimParams.xTrimParams()
        .minId((kept + 1) + "-0"));
    loseTail(fx, kept, "Product");
    assertThat(fx.streams().length("Product")).isZero();

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Product") == 10);
    assertThat(fx.streams().ids("Product")).isEqualTo(sequences.subList(20, 30));
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(Relays.meter(relay, "relay.events.republished")).isEqualTo(10.0));
  }

  @Test
  void redisHavingLostEverythingIsReportedButHistoryIsNotPublishedAgain(RelayFixture fx) throws Exception {
    fx.outbox().insertMany(10, "Product");
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());

    // A restart without persistence, but the lease kept (as if re-taken at once): streams and position gone.
    fx.streams().redis().del(fx.streams().key("Product"), fx.namespace().key("relay:outbox:position"));
    long next = fx.outbox().insert("Product", "P-new");

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Product")).containsExactly(next);
    assertThat(Relays.meter(relay, "relay.lost.tails")).isEqualTo(1.0);
    assertThat(Relays.meter(relay, "relay.events.republished")).isZero();
  }

  /**
   * Leaves Redis as a replica that received everything up to {@code kept} would be once promoted: later entries gone,
   * each stream's last id back to its last entry kept (or {@code kept} when none is), the relay's position {@code kept}.
   */
  private static void loseTail(RelayFixture fx, long kept, String... types) {
    var redis = fx.streams().redis();
    for (String type : types) {
      String stream = fx.streams().key(type);
      List<StreamEntry> lost = redis.xrange(stream, new StreamEntryID(kept + 1, 0), (StreamEntryID) null);
      if (!lost.isEmpty()) {
        redis.xdel(stream, lost.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
      }
      List<StreamEntry> last = redis.xrevrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1);
      long top = last.isEmpty() ? kept : last.get(0).getID().getTime();
      redis.sendCommand(XSETID, stream, top + "-0");
    }
    redis.set(fx.namespace().key("relay:outbox:position"), String.valueOf(kept));
  }
}
