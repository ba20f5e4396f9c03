package dev.strangler.servicekit.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/** Appends events to a stream as the relay does: entry ID {@code <sequence>-0} and the wire format's fields (test jar: services' tests use it too). */
public final class WireEvents {

  private WireEvents() {}

  public static Map<String, String> fields(long sequence, String type, String aggregateType, String aggregateId, String payload) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", UUID.nameUUIDFromBytes(("event-" + sequence).getBytes()).toString());
    fields.put("type", type);
    fields.put("aggregateType", aggregateType);
    fields.put("aggregateId", aggregateId);
    fields.put("sequence", Long.toString(sequence));
    fields.put("occurredAt", Instant.parse("2025-03-01T10:00:00Z").plusMillis(sequence).toString());
    fields.put("payload", payload);
    return fields;
  }

  static void append(Jedis jedis, String stream, long sequence, String aggregateId) {
    append(jedis, stream, sequence, fields(sequence, "Counted", "Thing", aggregateId, "{\"n\":" + sequence + "}"));
  }

  static void append(Jedis jedis, String stream, long sequence, Map<String, String> fields) {
    jedis.xadd(stream, new StreamEntryID(sequence, 0), fields);
  }
}
