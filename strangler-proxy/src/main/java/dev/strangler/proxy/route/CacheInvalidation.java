package dev.strangler.proxy.route;

import java.util.Objects;
import java.util.Set;

/**
 * One rule of a table's {@code cacheInvalidation}: an event on {@code stream} (of {@code type}, when given) evicts
 * every cached answer carrying {@code tag}, filled from the event's fields.
 *
 * @param stream the aggregate type lower-cased, as in the stream key {@code <prefix>events:<stream>}
 * @param type only events of this type (e.g. {@code ProductCreated}); null: every event of the stream
 * @param tag a tag template whose placeholders are event fields ({@link #FIELDS}) or {@code payload.<field>}
 */
public record CacheInvalidation(String stream, String type, String tag) {

  /** The event fields a tag may name (the relay's wire format); {@code payload.<field>} names a top-level payload field. */
  public static final Set<String> FIELDS = Set.of("aggregateId", "aggregateType", "type", "eventId", "sequence");
  public static final String PAYLOAD_PREFIX = "payload.";

  public CacheInvalidation {
    Objects.requireNonNull(stream, "stream == null");
    Objects.requireNonNull(tag, "tag == null");
  }

  /** Whether an event of {@code eventType} on {@code eventStream} triggers this rule. */
  public boolean appliesTo(String eventStream, String eventType) {
    return stream.equals(eventStream) && (type == null || type.equals(eventType));
  }
}
