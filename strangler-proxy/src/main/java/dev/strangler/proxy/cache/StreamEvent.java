package dev.strangler.proxy.cache;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * One event as the relay appended it to {@code <prefix>events:<stream>}: fields {@code eventId}, {@code type},
 * {@code aggregateType}, {@code aggregateId}, {@code sequence}, {@code occurredAt} and {@code payload} (JSON text).
 *
 * @param stream the aggregate type lower-cased (the stream key's last part)
 * @param id the entry id
 */
public record StreamEvent(String stream, String id, Map<String, String> fields) {

  public StreamEvent {
    Objects.requireNonNull(stream, "stream == null");
    fields = Map.copyOf(fields);
  }

  public String type() {
    return fields.get("type");
  }

  /** A field by name, or {@code payload.<name>} for a top-level member of the payload (as text); null when absent. */
  public String field(String name) {
    if (!name.startsWith("payload.")) {
      return fields.get(name);
    }
    String payload = fields.get("payload");
    if (payload == null) {
      return null;
    }
    try {
      Object value = new JsonObject(payload).getValue(name.substring("payload.".length()));
      return value == null ? null : value.toString();
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
