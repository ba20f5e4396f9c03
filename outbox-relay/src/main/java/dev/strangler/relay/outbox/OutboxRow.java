package dev.strangler.relay.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One outbox row as the relay reads it.
 *
 * @param correlationId the request the event came from, published as the optional field {@code correlationId}; may be null
 */
public record OutboxRow(long sequence, String eventId, String aggregateType, String aggregateId, String eventType,
    String payload, Instant occurredAt, String correlationId) {

  /** A row without a correlation id. */
  public OutboxRow(long sequence, String eventId, String aggregateType, String aggregateId, String eventType, String payload,
      Instant occurredAt) {
    this(sequence, eventId, aggregateType, aggregateId, eventType, payload, occurredAt, null);
  }

  public OutboxRow {
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(aggregateType, "aggregateType == null");
    Objects.requireNonNull(aggregateId, "aggregateId == null");
    Objects.requireNonNull(eventType, "eventType == null");
    Objects.requireNonNull(payload, "payload == null");
    Objects.requireNonNull(occurredAt, "occurredAt == null");
  }
}
