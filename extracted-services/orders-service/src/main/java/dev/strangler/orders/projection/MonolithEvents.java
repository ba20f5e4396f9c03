package dev.strangler.orders.projection;

import dev.strangler.orders.order.Order;
import dev.strangler.orders.store.OrderStore;
import dev.strangler.orders.store.Schema;
import dev.strangler.servicekit.events.Event;
import dev.strangler.servicekit.events.sql.SqlEventHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * The monolith's events applied to the live schema (run by service-kit's guarded SQL sink, in the guard's transaction):
 * product snapshots into {@code products}, registrations into {@code customers}, and the monolith's own OrderPlaced
 * imported into {@code orders} under its id with origin {@code legacy}, insert-if-absent and never re-published. Other
 * event types change nothing.
 */
public final class MonolithEvents implements SqlEventHandler {

  static final Set<String> PRODUCT_EVENTS = Set.of("ProductCreated", "ProductUpdated", "PriceChanged", "StockChanged");

  private final Schema schema;
  private final OrderStore orders;

  public MonolithEvents(Schema schema, OrderStore orders) {
    this.schema = Objects.requireNonNull(schema, "schema == null");
    this.orders = Objects.requireNonNull(orders, "orders == null");
  }

  @Override
  public Future<Void> apply(Event event, SqlConnection tx) {
    if (PRODUCT_EVENTS.contains(event.type())) {
      return product(event, tx);
    }
    return switch (event.type()) {
      case "CustomerRegistered" -> customer(event, tx);
      case "OrderPlaced" -> legacyOrder(event, tx);
      default -> Future.succeededFuture();
    };
  }

  /** Full state: the newer snapshot wins (the guard already refused older events of this product). */
  private Future<Void> product(Event event, SqlConnection tx) {
    return tx.preparedQuery("insert into " + schema.table("products") + " (sku, name, price, stock, updated_at) values ($1, $2, $3, $4, $5)"
            + " on conflict (sku) do update set name = excluded.name, price = excluded.price, stock = excluded.stock,"
            + " updated_at = excluded.updated_at")
        .execute(Product.fromJson(exact(event)).columns())
        .mapEmpty();
  }

  private Future<Void> customer(Event event, SqlConnection tx) {
    JsonObject c = exact(event);
    String registered = c.getString("registeredAt");
    return tx.preparedQuery("insert into " + schema.table("customers") + " (id, email, name, registered_at) values ($1, $2, $3, $4)"
            + " on conflict (id) do update set email = excluded.email, name = excluded.name")
        .execute(Tuple.of(Long.parseLong(require(c, "id")), require(c, "email"), require(c, "name"),
            registered == null ? null : Instant.parse(registered).atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  /** The monolith's order, as it placed it; an id already here (imported before) is left alone. */
  private Future<Void> legacyOrder(Event event, SqlConnection tx) {
    Order order = Order.fromJson(exact(event));
    return orders.insertIfAbsent(tx, schema, order, OrderStore.Origin.LEGACY, event.correlationId()).mapEmpty();
  }

  /** Amounts come back as doubles; their shortest text is the amount as written, which is what is parsed (numeric(12, 2)). */
  private static JsonObject exact(Event event) {
    return event.payloadJson();
  }

  private static String require(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw new IllegalArgumentException("payload without " + field);
    }
    return value.toString();
  }
}
