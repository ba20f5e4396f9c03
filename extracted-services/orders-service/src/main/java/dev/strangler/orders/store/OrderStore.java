package dev.strangler.orders.store;

import dev.strangler.orders.order.Order;
import dev.strangler.orders.order.OrderSummary;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** SQL for a schema's {@code orders}, {@code order_lines} and {@code outbox}. */
public final class OrderStore {

  /** Where an order was placed. */
  public enum Origin {
    SERVICE("orders-service"), LEGACY("legacy");

    final String column;

    Origin(String column) {
      this.column = column;
    }
  }

  public static final String AGGREGATE = "Order";
  public static final String ORDER_PLACED = "OrderPlaced";

  private final Pool pool;

  public OrderStore(Pool pool) {
    this.pool = Objects.requireNonNull(pool, "pool == null");
  }

  public Pool pool() {
    return pool;
  }

  /** The next id from the schema's own sequence (never one the monolith hands out). */
  public Future<Long> nextId(Schema schema) {
    return pool.query("select nextval('" + schema.table("order_ids") + "')").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The database's clock, so placed_at reads like the monolith's {@code now()} (microseconds). */
  public Future<Instant> now(SqlClient client) {
    return client.query("select now()").execute().map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  /** Inserts the order and its lines; fails on an existing id. */
  public Future<Void> insert(SqlConnection tx, Schema schema, Order order, Origin origin, String correlationId) {
    return tx.preparedQuery("insert into " + schema.table("orders")
            + " (id, customer_id, status, total, placed_at, origin, correlation_id) values ($1, $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.of(order.id(), order.customerId(), order.status(), order.total(), utc(order.placedAt()), origin.column)
            .addString(correlationId))
        .compose(v -> insertLines(tx, schema, order));
  }

  /** Inserts the order unless one with its id exists; yields whether it did. */
  public Future<Boolean> insertIfAbsent(SqlConnection tx, Schema schema, Order order, Origin origin, String correlationId) {
    return tx.preparedQuery("insert into " + schema.table("orders")
            + " (id, customer_id, status, total, placed_at, origin, correlation_id) values ($1, $2, $3, $4, $5, $6, $7)"
            + " on conflict (id) do nothing")
        .execute(Tuple.of(order.id(), order.customerId(), order.status(), order.total(), utc(order.placedAt()), origin.column)
            .addString(correlationId))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false) : insertLines(tx, schema, order).map(true));
  }

  private Future<Void> insertLines(SqlConnection tx, Schema schema, Order order) {
    if (order.lines().isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    order.lines().forEach(l -> batch.add(Tuple.of(order.id(), l.lineNo(), l.sku(), l.productName(), l.unitPrice(), l.quantity())));
    return tx.preparedQuery("insert into " + schema.table("order_lines")
            + " (order_id, line_no, sku, product_name, unit_price, quantity) values ($1, $2, $3, $4, $5, $6)")
        .executeBatch(batch).mapEmpty();
  }

  /** Appends one event to the schema's outbox, in the caller's transaction. */
  public Future<Void> appendEvent(SqlConnection tx, Schema schema, String aggregateType, String aggregateId, String type,
      JsonObject payload, String correlationId) {
    return tx.preparedQuery("insert into " + schema.table("outbox")
            + " (event_id, aggregate_type, aggregate_id, event_type, payload, correlation_id) values ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(UUID.randomUUID(), aggregateType, aggregateId, type, payload).addString(correlationId))
        .mapEmpty();
  }

  /** Only the owner sees an order; anyone else gets nothing. */
  public Future<Optional<Order>> find(Schema schema, long id, long customerId) {
    Tuple params = Tuple.of(id, customerId);
    return pool.preparedQuery("select l.line_no, l.sku, l.product_name, l.unit_price, l.quantity from " + schema.table("order_lines")
            + " l join " + schema.table("orders") + " o on o.id = l.order_id where o.id = $1 and o.customer_id = $2 order by l.line_no")
        .execute(params)
        .compose(lineRows -> {
          List<Order.Line> lines = new ArrayList<>();
          lineRows.forEach(r -> lines.add(new Order.Line(r.getInteger("line_no"), r.getString("sku"), r.getString("product_name"),
              r.getBigDecimal("unit_price"), r.getInteger("quantity"))));
          return pool.preparedQuery("select id, customer_id, status, total, placed_at from " + schema.table("orders")
                  + " where id = $1 and customer_id = $2")
              .execute(params)
              .map(rows -> {
                if (rows.size() == 0) {
                  return Optional.<Order>empty();
                }
                Row r = rows.iterator().next();
                return Optional.of(new Order(r.getLong("id"), r.getLong("customer_id"), r.getString("status"),
                    r.getBigDecimal("total"), r.getOffsetDateTime("placed_at").toInstant(), lines));
              });
        });
  }

  /** The customer's newest {@code limit} orders, newest first (ties: higher id first), as the monolith lists them. */
  public Future<List<OrderSummary>> history(Schema schema, long customerId, int limit) {
    return pool.preparedQuery("select o.id, o.status, o.total, o.placed_at, coalesce(sum(l.quantity), 0) as items from "
            + schema.table("orders") + " o left join " + schema.table("order_lines") + " l on l.order_id = o.id"
            + " where o.customer_id = $1 group by o.id order by o.placed_at desc, o.id desc limit $2")
        .execute(Tuple.of(customerId, limit))
        .map(rows -> {
          List<OrderSummary> items = new ArrayList<>();
          rows.forEach(r -> items.add(new OrderSummary(r.getLong("id"), r.getString("status"), r.getBigDecimal("total"),
              r.getOffsetDateTime("placed_at").toInstant(), r.getLong("items").intValue())));
          return items;
        });
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
