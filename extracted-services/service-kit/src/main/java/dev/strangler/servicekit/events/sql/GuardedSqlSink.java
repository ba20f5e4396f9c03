package dev.strangler.servicekit.events.sql;

import dev.strangler.servicekit.events.Event;
import dev.strangler.servicekit.events.EventSink;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * Applies events to PostgreSQL with the aggregate's guard in the same transaction: the guard row (last applied
 * sequence per group and aggregate) moves only forward, in one conditional upsert that also locks it, so a
 * redelivered event, or one older than the last applied, changes nothing; otherwise the handler's writes run and commit
 * with the guard, or neither does. The guard table must have this shape (any name):
 *
 * <pre>
 * create table applied_events (consumer_group text not null, aggregate_type text not null, aggregate_id text not null,
 *     sequence bigint not null, primary key (consumer_group, aggregate_type, aggregate_id));
 * </pre>
 */
public final class GuardedSqlSink implements EventSink {

  private final Pool pool;
  private final String group;
  private final SqlEventHandler handler;
  private final String guardSql;

  /** {@code guardTable} is a plain (optionally schema-qualified) SQL name; {@code group} the consumer group. */
  public GuardedSqlSink(Pool pool, String guardTable, String group, SqlEventHandler handler) {
    this.pool = Objects.requireNonNull(pool, "pool == null");
    this.group = Objects.requireNonNull(group, "group == null");
    this.handler = Objects.requireNonNull(handler, "handler == null");
    if (!guardTable.matches("([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("guardTable must be a plain SQL name: " + guardTable);
    }
    this.guardSql = "insert into " + guardTable + " (consumer_group, aggregate_type, aggregate_id, sequence) values ($1, $2, $3, $4)"
        + " on conflict (consumer_group, aggregate_type, aggregate_id) do update set sequence = excluded.sequence"
        + " where " + guardTable + ".sequence < excluded.sequence returning sequence";
  }

  @Override
  public Future<Boolean> apply(Event event) {
    return pool.withTransaction(tx -> tx.preparedQuery(guardSql)
        .execute(Tuple.of(group, event.aggregateType(), event.aggregateId(), event.sequence()))
        .compose(moved -> {
          if (moved.rowCount() == 0) {
            return Future.succeededFuture(false);
          }
          try {
            return handler.apply(event, tx).map(true);
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
        }));
  }
}
