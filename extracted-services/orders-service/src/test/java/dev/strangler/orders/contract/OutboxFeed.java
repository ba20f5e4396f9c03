package dev.strangler.orders.contract;

import dev.strangler.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * Does a relay's job for a test: an outbox's rows, in sequence order, appended to
 * {@code <prefix>events:<aggregate type lowercased>} with entry id {@code <sequence>-0} and the wire format's fields
 * ({@code correlationId} too when the row has one).
 */
final class OutboxFeed {

  private final PostgresDatabase database;
  private final String table;
  private final Jedis jedis;
  private final String prefix;
  private long last;

  /** The monolith's {@code outbox}. */
  OutboxFeed(PostgresDatabase monolith, Jedis jedis, String prefix) {
    this(monolith, "outbox", jedis, prefix);
  }

  OutboxFeed(PostgresDatabase database, String table, Jedis jedis, String prefix) {
    this.database = database;
    this.table = table;
    this.jedis = jedis;
    this.prefix = prefix;
  }

  /** Appends every row after the last one appended; yields how many. */
  int relay() throws SQLException {
    int n = 0;
    // to_jsonb: an outbox without the correlation_id column (an older monolith) reads as none.
    try (Connection c = database.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select sequence, event_id, aggregate_type, aggregate_id, event_type, payload::text, occurred_at,"
            + " to_jsonb(o) ->> 'correlation_id' from " + table + " o where sequence > " + last + " order by sequence")) {
      Pipeline pipeline = jedis.pipelined();
      while (rs.next()) {
        long sequence = rs.getLong(1);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", rs.getString(2));
        fields.put("type", rs.getString(5));
        fields.put("aggregateType", rs.getString(3));
        fields.put("aggregateId", rs.getString(4));
        fields.put("sequence", Long.toString(sequence));
        fields.put("occurredAt", rs.getTimestamp(7).toInstant().toString());
        fields.put("payload", rs.getString(6));
        if (rs.getString(8) != null) {
          fields.put("correlationId", rs.getString(8));
        }
        pipeline.xadd(prefix + "events:" + rs.getString(3).toLowerCase(Locale.ROOT), new StreamEntryID(sequence, 0), fields);
        last = sequence;
        n++;
      }
      pipeline.sync();
    }
    return n;
  }
}
