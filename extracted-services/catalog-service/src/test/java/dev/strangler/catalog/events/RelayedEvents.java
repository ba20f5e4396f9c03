package dev.strangler.catalog.events;

import dev.strangler.catalog.readmodel.ProductSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.commands.StreamCommands;

/** Appends product events as the relay does: entry ID {@code <sequence>-0}, the wire format's fields, the full state as payload. */
final class RelayedEvents {

  private final StreamCommands jedis;
  private final String stream;
  private long sequence;

  /** {@code jedis}: a client of one server or of a Cluster. */
  RelayedEvents(StreamCommands jedis, String stream) {
    this.jedis = jedis;
    this.stream = stream;
  }

  /** Appends the event and returns its sequence. */
  long append(String type, ProductSnapshot state) {
    return append(type, state.sku(), state.toJson().encode());
  }

  long append(String type, String sku, String payload) {
    long seq = ++sequence;
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", UUID.randomUUID().toString());
    fields.put("type", type);
    fields.put("aggregateType", "Product");
    fields.put("aggregateId", sku);
    fields.put("sequence", Long.toString(seq));
    fields.put("occurredAt", Instant.now().toString());
    fields.put("payload", payload);
    jedis.xadd(stream, new StreamEntryID(seq, 0), fields);
    return seq;
  }
}
