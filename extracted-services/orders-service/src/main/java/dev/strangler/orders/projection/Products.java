package dev.strangler.orders.projection;

import dev.strangler.orders.store.Schema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Reads the product projection (live schema: sandboxed requests price and check stock against the same products). */
public final class Products {

  private final Pool pool;
  private final Schema schema;

  public Products(Pool pool, Schema schema) {
    this.pool = Objects.requireNonNull(pool, "pool == null");
    this.schema = Objects.requireNonNull(schema, "schema == null");
  }

  /** The known products among {@code skus}, by sku; unknown skus are absent. */
  public Future<Map<String, Product>> find(Collection<String> skus) {
    if (skus.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("select sku, name, price, stock, updated_at from " + schema.table("products") + " where sku = any($1)")
        .execute(Tuple.of(skus.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Product> found = new LinkedHashMap<>();
          rows.forEach(r -> found.put(r.getString("sku"), new Product(r.getString("sku"), r.getString("name"),
              r.getBigDecimal("price"), r.getInteger("stock"), r.getOffsetDateTime("updated_at").toInstant())));
          return found;
        });
  }

  /** Whether the projection holds any product: readiness, as catalog-service's read model check. */
  public Future<Boolean> present() {
    return pool.query("select exists (select 1 from " + schema.table("products") + ")").execute()
        .map(rows -> rows.iterator().next().getBoolean(0));
  }
}
