package dev.strangler.servicekit.events;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as the relay appends it to a stream (the shared wire format): entry ID {@code <sequence>-0},
 * fields {@code eventId}, {@code type}, {@code aggregateType}, {@code aggregateId}, {@code sequence},
 * {@code occurredAt} (ISO-8601) and {@code payload} (JSON text), and optionally {@code correlationId}.
 *
 * @param stream the stream key it was read from
 * @param entryId its stream entry ID
 * @param sequence the outbox sequence: increases with every event, so it orders one aggregate's events
 * @param correlationId the request the event came from (its {@code X-Request-Id}), when the outbox recorded one; may be null
 */
public record Event(String stream, String entryId, String eventId, String type, String aggregateType, String aggregateId,
    long sequence, Instant occurredAt, String payload, String correlationId) {

  /** The wire format's required field names. */
  public static final List<String> FIELDS = List.of("eventId", "type", "aggregateType", "aggregateId", "sequence", "occurredAt",
      "payload");
  /** The optional field naming the request an event came from. */
  public static final String CORRELATION_ID = "correlationId";

  public Event {
    Objects.requireNonNull(stream, "stream == null");
    Objects.requireNonNull(entryId, "entryId == null");
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(aggregateType, "aggregateType == null");
    Objects.requireNonNull(aggregateId, "aggregateId == null");
    Objects.requireNonNull(occurredAt, "occurredAt == null");
    Objects.requireNonNull(payload, "payload == null");
  }

  /** An event without a correlation id. */
  public Event(String stream, String entryId, String eventId, String type, String aggregateType, String aggregateId,
      long sequence, Instant occurredAt, String payload) {
    this(stream, entryId, eventId, type, aggregateType, aggregateId, sequence, occurredAt, payload, null);
  }

  /** The correlation id, when the event has one. */
  public Optional<String> correlation() {
    return Optional.ofNullable(correlationId);
  }

  /** Reads a stream entry's fields; throws {@link UndecodableEventException} naming every problem. */
  public static Event decode(String stream, String entryId, Map<String, String> fields) {
    List<String> problems = new ArrayList<>();
    for (String field : FIELDS) {
      String value = fields.get(field);
      if (value == null || value.isBlank()) {
        problems.add("missing " + field);
      }
    }
    long sequence = -1;
    if (fields.get("sequence") != null) {
      try {
        sequence = Long.parseLong(fields.get("sequence").trim());
        if (sequence < 0) {
          problems.add("sequence must not be negative (got " + sequence + ")");
        }
      } catch (NumberFormatException e) {
        problems.add("sequence is not a whole number (got '" + fields.get("sequence") + "')");
      }
    }
    Instant occurredAt = null;
    if (fields.get("occurredAt") != null) {
      try {
        occurredAt = Instant.parse(fields.get("occurredAt").trim());
      } catch (DateTimeParseException e) {
        problems.add("occurredAt is not an ISO-8601 instant (got '" + fields.get("occurredAt") + "')");
      }
    }
    if (fields.get("payload") != null) {
      try {
        new JsonObject(fields.get("payload"));
      } catch (DecodeException | ClassCastException e) {
        problems.add("payload is not a JSON object");
      }
    }
    if (!problems.isEmpty()) {
      throw new UndecodableEventException(stream + " " + entryId + ": " + String.join(", ", problems));
    }
    return new Event(stream, entryId, fields.get("eventId"), fields.get("type"), fields.get("aggregateType"),
        fields.get("aggregateId"), sequence, occurredAt, fields.get("payload"), blankToNull(fields.get(CORRELATION_ID)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** The payload parsed (numbers as Vert.x reads them; parse {@link #payload()} yourself for exact decimals). */
  public JsonObject payloadJson() {
    return new JsonObject(payload);
  }
}
