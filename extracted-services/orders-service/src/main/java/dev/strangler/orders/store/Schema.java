package dev.strangler.orders.store;

import java.util.Objects;

/**
 * One of the service's schemas (live or sandbox: same tables), naming its tables for SQL. The name was
 * checked to be a plain SQL identifier ({@link dev.strangler.orders.OrdersSettings}), so it can be spliced.
 */
public record Schema(String name, boolean sandbox) {

  public Schema {
    Objects.requireNonNull(name, "name == null");
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("schema must be a plain lower-case SQL name: " + name);
    }
  }

  /** {@code <schema>.<table>}. */
  public String table(String table) {
    return name + "." + table;
  }
}
