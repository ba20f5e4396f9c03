package dev.strangler.relay.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the outbox lives: the table and its column names. Defaults match Acme Shop's {@code outbox};
 * names are checked as plain SQL identifiers since they are written into the relay's statements.
 *
 * @param table the table, optionally schema-qualified; default {@value #DEFAULT_TABLE}
 * @param sequence strictly increasing number given at insert (an identity); default {@code sequence}
 * @param eventId the event's unique id; default {@code event_id}
 * @param aggregateType picks the stream ({@code Product} → {@code events:product}); default {@code aggregate_type}
 * @param aggregateId default {@code aggregate_id}
 * @param eventType default {@code event_type}
 * @param payload JSON text (jsonb, json or text); default {@code payload}
 * @param occurredAt a timestamp with time zone; default {@code occurred_at}
 * @param publishedAt null until the relay marks the row; default {@code published_at}
 * @param correlationId the optional column published as the stream field {@code correlationId}: a column name (it must
 *     exist), {@value #NO_CORRELATION_ID} for none, or null (the default) for {@value #DEFAULT_CORRELATION_ID} when the
 *     table has that column, found when the relay first reads the table
 */
public record OutboxTable(String table, String sequence, String eventId, String aggregateType, String aggregateId,
    String eventType, String payload, String occurredAt, String publishedAt, String correlationId) {

  public static final String DEFAULT_TABLE = "outbox";
  /** The column a table's correlation ids are read from unless another is named. */
  public static final String DEFAULT_CORRELATION_ID = "correlation_id";
  /** Publish no correlation id even where the table has {@value #DEFAULT_CORRELATION_ID}. */
  public static final String NO_CORRELATION_ID = "none";
  /** Acme Shop's outbox. */
  public static final OutboxTable DEFAULT = new OutboxTable(DEFAULT_TABLE, "sequence", "event_id", "aggregate_type",
      "aggregate_id", "event_type", "payload", "occurred_at", "published_at", null);

  /** The columns without a named correlation id column (the default one is used where the table has it). */
  public OutboxTable(String table, String sequence, String eventId, String aggregateType, String aggregateId,
      String eventType, String payload, String occurredAt, String publishedAt) {
    this(table, sequence, eventId, aggregateType, aggregateId, eventType, payload, occurredAt, publishedAt, null);
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Pattern QUALIFIED = Pattern.compile(IDENTIFIER.pattern() + "(\\." + IDENTIFIER.pattern() + ")?");

  public OutboxTable {
    Objects.requireNonNull(table, "table == null");
    columns(sequence, eventId, aggregateType, aggregateId, eventType, payload, occurredAt, publishedAt)
        .forEach((role, name) -> Objects.requireNonNull(name, role + " column == null"));
  }

  /** Each problem with a name, starting with the name of its component. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!QUALIFIED.matcher(table).matches()) {
      problems.add("table must be a plain SQL name, optionally schema-qualified (got '" + table + "')");
    }
    columns(sequence, eventId, aggregateType, aggregateId, eventType, payload, occurredAt, publishedAt).forEach((role, name) -> {
      if (!IDENTIFIER.matcher(name).matches()) {
        problems.add(role + " must be a plain SQL column name (got '" + name + "')");
      }
    });
    if (correlationId != null && !IDENTIFIER.matcher(correlationId).matches()) {
      problems.add("correlationId must be a plain SQL column name or '" + NO_CORRELATION_ID + "' (got '" + correlationId + "')");
    }
    return problems;
  }

  /**
   * The first {@code ?} unpublished rows in sequence order (Acme Shop has a partial index for it), with
   * {@code correlationColumn} as the last column, or a null there when it is null.
   */
  String selectUnpublished(String correlationColumn) {
    return selectRows(correlationColumn) + " where " + publishedAt + " is null order by " + sequence + " limit ?";
  }

  /**
   * The first {@code ?} rows, published or not, with a sequence above the first {@code ?} and at most the second, in
   * sequence order: a tail Redis lost, to publish again.
   */
  String selectRange(String correlationColumn) {
    return selectRows(correlationColumn) + " where " + sequence + " > ? and " + sequence + " <= ? order by " + sequence
        + " limit ?";
  }

  private String selectRows(String correlationColumn) {
    return "select " + sequence + ", " + eventId + ", " + aggregateType + ", " + aggregateId + ", " + eventType + ", "
        + payload + ", " + occurredAt + ", " + (correlationColumn == null ? "cast(null as varchar)" : correlationColumn)
        + " from " + table;
  }

  /** No rows, every column: tells which columns the table has. */
  String selectNothing() {
    return "select * from " + table + " where 1 = 0";
  }

  String markPublished() {
    return "update " + table + " set " + publishedAt + " = current_timestamp where " + sequence + " = any(?) and "
        + publishedAt + " is null";
  }

  String maxPublished() {
    return "select max(" + sequence + ") from " + table + " where " + publishedAt + " is not null";
  }

  private static Map<String, String> columns(String... names) {
    String[] roles = {"sequence", "eventId", "aggregateType", "aggregateId", "eventType", "payload", "occurredAt", "publishedAt"};
    Map<String, String> byRole = new LinkedHashMap<>();
    for (int i = 0; i < roles.length; i++) {
      byRole.put(roles[i], names[i]);
    }
    return byRole;
  }
}
