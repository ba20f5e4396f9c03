package dev.strangler.catalog.readmodel;

import java.math.BigDecimal;
import java.time.Instant;

/** Product snapshots for tests. */
final class Products {

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private Products() {}

  static ProductSnapshot product(String sku, String name, String price, String category, int stock, Instant at) {
    return new ProductSnapshot(sku, name, "A " + name.toLowerCase() + ", made of oak.", new BigDecimal(price), category, stock, at);
  }

  static ProductSnapshot product(String sku, String name, String price) {
    return product(sku, name, price, "home", 5, T0);
  }
}
