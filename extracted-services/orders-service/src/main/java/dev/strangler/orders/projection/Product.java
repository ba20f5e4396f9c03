package dev.strangler.orders.projection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/** What orders-service keeps of a product (from the monolith's full-state product events): enough to price and check stock. */
public record Product(String sku, String name, BigDecimal price, int stock, Instant updatedAt) {

  public Product {
    Objects.requireNonNull(sku, "sku == null");
    Objects.requireNonNull(name, "name == null");
    price = Objects.requireNonNull(price, "price == null").setScale(2, RoundingMode.HALF_EVEN);
  }
}
