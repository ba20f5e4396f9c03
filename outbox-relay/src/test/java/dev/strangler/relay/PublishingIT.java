package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class PublishingIT {

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
  void rowsAreAppendedInSequenceOrderWithTheirSequenceAsEntryIdAndMarkedPublished() throws Exception {
    List<Long> products = outbox.insertMany(120, "Product");
    relays.start(Relays.options(namespace, "a").batchSize(7).build(), outbox.dataSource(), streams.redis());

    await().atMost(Duration.ofSeconds(20)).until(() -> outbox.unpublished().isEmpty());
    assertThat(streams.ids("Product")).isEqualTo(products);
    assertThat(outbox.published()).isEqualTo(products);
  }

  @Test
  void eachEntryCarriesTheWireFormatFields() throws Exception {
    long sequence = outbox.insert("Product", "ACME-00042");
    relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> streams.length("Product") == 1);
    Map<String, String> fields = streams.fields("Product", sequence);
    try (Connection c = outbox.dataSource().getConnection(); Statement st = c.createStatement();
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
  void eachAggregateTypeGoesToItsOwnLowerCasedStream() throws Exception {
    long product = outbox.insert("Product", "ACME-1");
    long order = outbox.insert("Order", "O-1");
    long customer = outbox.insert("Customer", "C-1");
    long product2 = outbox.insert("Product", "ACME-2");
    relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.unpublished().isEmpty());
    assertThat(streams.ids("Product")).containsExactly(product, product2);
    assertThat(streams.ids("Order")).containsExactly(order);
    assertThat(streams.ids("Customer")).containsExactly(customer);
    assertThat(namespace.keys()).contains(namespace.key("events:product"), namespace.key("events:order"), namespace.key("events:customer"));
  }

  @Test
  void rowsCommittedWhileRunningArePublishedByPollingAlone() throws Exception {
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    for (int round = 0; round < 5; round++) {
      outbox.insertMany(10, "Order");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.length("Order") == 50);
    assertThat(streams.ids("Order")).isSorted().doesNotHaveDuplicates();
    assertThat(Relays.meter(relay, "relay.events.published")).isEqualTo(50.0);
  }

  @Test
  void aNotificationWakesTheRelayLongBeforeItsPollInterval() throws Exception {
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").notifyChannel("outbox").pollInterval(Duration.ofSeconds(30))
        .leaseTtl(Duration.ofMinutes(2)).leaseRenewInterval(Duration.ofSeconds(30)).build(), outbox.dataSource(), streams.redis());
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
    // the first wait starts listening; a row committed after that is announced at commit
    await().atMost(Duration.ofSeconds(10)).until(() -> listening(outbox));

    long sequence = outbox.insert("Product", "ACME-7");
    await().atMost(Duration.ofSeconds(5)).until(() -> streams.ids("Product").contains(sequence));
  }

  @Test
  void theRelayWaitsForRedisAndTheDatabaseInsteadOfFailing() throws Exception {
    // nothing to read yet, a stream that isn't there: the relay idles, ready
    OutboxRelay relay = relays.start(Relays.options(namespace, "a").build(), outbox.dataSource(), streams.redis());
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
