package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.outbox.OutboxTable;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The optional stream field {@code correlationId}: from the column where the outbox has one, absent otherwise. */
@ExtendWith(RelayFixtureExtension.class)
class CorrelationIdIT {

  @Test
  void aRowsCorrelationIdIsPublishedAndARowWithoutOneHasNoSuchField(RelayFixture fx) throws Exception {
    withCorrelationColumn(fx.outbox());
    long traced = insert(fx.outbox(), "outbox", "Order", "req-42");
    long untraced = insert(fx.outbox(), "outbox", "Order", null);
    fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), fx.streams().redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Order") == 2);
    assertThat(fx.streams().fields("Order", traced)).containsEntry("correlationId", "req-42").hasSize(8);
    assertThat(fx.streams().fields("Order", untraced)).doesNotContainKey("correlationId").hasSize(7);
  }

  @Test
  void anOutboxWithoutTheColumnIsStillRelayed(RelayFixture fx) throws Exception {
    try (Connection c = fx.outbox().dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("create table if not exists plain_outbox (like outbox including all)");
      st.execute("alter table plain_outbox drop column if exists correlation_id");
    }
    long sequence = insert(fx.outbox(), "plain_outbox", "Product", null);
    OutboxTable plain = new OutboxTable("plain_outbox", "sequence", "event_id", "aggregate_type", "aggregate_id",
        "event_type", "payload", "occurred_at", "published_at");
    fx.relays().start(Relays.options(fx.namespace(), "a").table(plain).build(), fx.outbox().dataSource(), fx.streams().redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Product") == 1);
    assertThat(fx.streams().fields("Product", sequence))
        .containsOnlyKeys("eventId", "type", "aggregateType", "aggregateId", "sequence", "occurredAt", "payload");
  }

  @Test
  void noneLeavesTheFieldOutEvenWhereTheColumnIsFilled(RelayFixture fx) throws Exception {
    withCorrelationColumn(fx.outbox());
    long sequence = insert(fx.outbox(), "outbox", "Customer", "req-7");
    OutboxTable none = OutboxTable.DEFAULT;
    none = new OutboxTable(none.table(), none.sequence(), none.eventId(), none.aggregateType(), none.aggregateId(),
        none.eventType(), none.payload(), none.occurredAt(), none.publishedAt(), OutboxTable.NO_CORRELATION_ID);
    fx.relays().start(Relays.options(fx.namespace(), "a").table(none).build(), fx.outbox().dataSource(), fx.streams().redis());

    await().atMost(Duration.ofSeconds(10)).until(() -> fx.streams().length("Customer") == 1);
    assertThat(fx.streams().fields("Customer", sequence)).doesNotContainKey("correlationId");
  }

  /** The monolith's own V3 migration. */
  private static void withCorrelationColumn(TestOutbox outbox) throws Exception {
    try (Connection c = outbox.dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select count(*) from information_schema.columns"
             + " where table_name = 'outbox' and column_name = 'correlation_id'")) {
      rs.next();
      if (rs.getLong(1) == 0) {
        st.execute(Files.readString(TestOutbox.migrations().resolve("V3__outbox_correlation_id.sql")));
      }
    }
  }

  private static long insert(TestOutbox outbox, String table, String aggregateType, String correlationId) throws Exception {
    String columns = correlationId == null ? "" : ", correlation_id";
    String values = correlationId == null ? "" : ", ?";
    try (Connection c = outbox.dataSource().getConnection(); PreparedStatement st = c.prepareStatement("insert into " + table
        + " (event_id, aggregate_type, aggregate_id, event_type, payload" + columns + ") values (?, ?, 'X-1', 'Changed', '{}'::jsonb"
        + values + ") returning sequence")) {
      st.setObject(1, UUID.randomUUID());
      st.setString(2, aggregateType);
      if (correlationId != null) {
        st.setString(3, correlationId);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
