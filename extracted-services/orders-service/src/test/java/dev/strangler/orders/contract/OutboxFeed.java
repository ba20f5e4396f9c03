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
 * Does the monolith relay's job for a test: its outbox rows, in sequence order, appended to
 * {@code <prefix>events:<aggregate type lowercased>} with entry id {@code <sequence>-0} and the wire format's fields.
 */
final class OutboxFeed {

  private final PostgresDatabase monolith;
  private final Jedis jedis;
  private final String prefix;
  private long last;

  OutboxFeed(PostgresDatabase monolith, Jedis jedis, String prefix) {
    this.monolith = monolith;
    this.jedis = jedis;
    this.prefix = prefix;
  }

  /** Appends every row after the last one appended; yields how many. */
  int relay() throws SQLException {
    int n = 0;
    try (Connection c = monolith.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select sequence, event_id, aggregate_type, aggregate_id, event_type, payload::text, occurred_at"
            + " from outbox where sequence > " + last + " order by sequence")) {
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
        pipeline.xadd(prefix + "events:" + rs.getString(3).toLowerCase(Locale.ROOT), new StreamEntryID(sequence, 0), fields);
        last = sequence;
        n++;
      }
      pipeline.sync();
    }
    return n;
  }
}
