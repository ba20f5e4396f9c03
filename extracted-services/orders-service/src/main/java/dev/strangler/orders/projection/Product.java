package dev.strangler.orders.projection;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/** What orders-service keeps of a product (from the monolith's full-state product events): enough to price and check stock. */
public record Product(String sku, String name, BigDecimal price, int stock, Instant updatedAt) {

  public Product {
    Objects.requireNonNull(sku, "sku == null");
    Objects.requireNonNull(name, "name == null");
    price = Objects.requireNonNull(price, "price == null").setScale(2, RoundingMode.HALF_EVEN);
  }

  /**
   * The monolith's product JSON (an event's payload, an item of its product pages); other members are ignored.
   * Amounts come decoded as doubles; their shortest text is the amount as written, which is what is parsed.
   */
  public static Product fromJson(JsonObject json) {
    return new Product(require(json, "sku"), require(json, "name"), new BigDecimal(require(json, "price")),
        Integer.parseInt(require(json, "stock")), Instant.parse(require(json, "updatedAt")));
  }

  /** {@code sku, name, price, stock, updated_at}: the products table's columns, in order. */
  public Tuple columns() {
    return Tuple.of(sku, name, price, stock, updatedAt.atOffset(ZoneOffset.UTC));
  }

  private static String require(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw new IllegalArgumentException("product without " + field);
    }
    return value.toString();
  }
}
