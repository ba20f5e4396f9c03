package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayFixtureExtension.class)
class PublishingIT {

  @Test
  void rowsAreAppendedInSequenceOrderWithTheirSequenceAsEntryIdAndMarkedPublished(RelayFixture fx) throws Exception {
    List<Long> products = fx.outbox().insertMany(120, "Product");
    fx.relays().start(Relays.options(fx.namespace(), "a").batchSize(7).build(), fx.outbox().dataSource(), fx.streams().redis());

    await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Product")).isEqualTo(products);
    assertThat(fx.outbox().published()).isEqualTo(products);
  }

  @Test
  void eachEntryCarriesTheWireFormatFields(RelayFixture fx) throws Exception {
    long sequence = fx.outbox().insert("Product", "ACME-00042");
    fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Product") == 1);
    Map<String, String> fields = fx.streams().fields("Product", sequence);
    try (Connection c = fx.outbox().dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select event_id, payload::text, occurred_at from outbox")) {
      rs.next();
      assertThat(fields).containsOnlyKeys("eventId", "type", "aggregateType", "aggregateId", "sequence", "occurredAt", "payload")
          .containsEntry("eventId", rs.getString(1))
          .containsEntry("type", "ProductUpdated")
          .containsEntry("aggregateType", "Product")
          .containsEntry("aggregateId", "ACME-00042")
          .containsEntry("sequence", String.valueOf(sequence))
          .containsEntry("payload", rs.getString(2));
      assertThat(Instant.parse(fields.get("occurredAt"))).isEqualTo(rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
      assertThat(fields.get("occurredAt")).endsWith("Z");
    }
  }

  @Test
  void eachAggregateTypeGoesToItsOwnLowerCasedStream(RelayFixture fx) throws Exception {
    long product = fx.outbox().insert("Product", "ACME-1");
    long order = fx.outbox().insert("Order", "O-1");
    long customer = fx.outbox().insert("Customer", "C-1");
    long product2 = fx.outbox().insert("Product", "ACME-2");
    fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.outbox().unpublished().isEmpty());
    assertThat(fx.streams().ids("Product")).containsExactly(product, product2);
    assertThat(fx.streams().ids("Order")).containsExactly(order);
    assertThat(fx.streams().ids("Customer")).containsExactly(customer);
    assertThat(fx.namespace().keys()).contains(fx.namespace().key("events:product"), fx.namespace().key("events:order"), fx.namespace().key("events:customer"));
  }

  @Test
  void rowsCommittedWhileRunningArePublishedByPollingAlone(RelayFixture fx) throws Exception {
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    for (int round = 0; round < 5; round++) {
      fx.outbox().insertMany(10, "Order");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Order") == 50);
    assertThat(fx.streams().ids("Order")).isSorted().doesNotHaveDuplicates();
    assertThat(Relays.meter(relay, "relay.events.published")).isEqualTo(50.0);
  }

  @Test
  void aNotificationWakesTheRelayLongBeforeItsPollInterval(RelayFixture fx) throws Exception {
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").notifyChannel("outbox").pollInterval(Duration.ofSeconds(30))
        .leaseTtl(Duration.ofMinutes(2)).leaseRenewInterval(Duration.ofSeconds(30)).build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    // the first wait starts listening; a row committed after that is announced at commit
    await().atMost(Duration.ofSeconds(10)).until(() -> listening(fx.outbox()));

    long sequence = fx.outbox().insert("Product", "ACME-7");
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.streams().ids("Product").contains(sequence));
  }

  @Test
  void theRelayWaitsForRedisAndTheDatabaseInsteadOfFailing(RelayFixture fx) throws Exception {
    // nothing to read yet, a stream that isn't there: the relay idles, ready
    OutboxRelay relay = fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());
    await().atMost(Duration.ofSeconds(10)).until(relay::isReady);
    assertThat(Relays.meter(relay, "relay.events.published")).isZero();
    assertThat(Relays.meter(relay, "relay.leader")).isEqualTo(1.0);
    assertThat(Relays.meter(relay, "relay.fencing.token")).isEqualTo(1.0);
  }

  private static boolean listening(TestOutbox outbox) throws Exception {
    try (Connection c = outbox.dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
             + " and query ilike 'LISTEN outbox%'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }
}
