package dev.strangler.orders.cart;

import dev.strangler.orders.projection.Product;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;

/** The cart priced from the product projection, rendered as the monolith's {@code CartView}. */
public final class CartView {

  /** The maximum of one product in a cart (the monolith's {@code CartService.MAX_QUANTITY}). */
  public static final int MAX_QUANTITY = 99;

  private CartView() {}

  /** Lines in cart order; a product unknown (deleted since) is silently left out, as the monolith does. */
  public static JsonObject render(Map<String, Integer> cart, Map<String, Product> products) {
    JsonArray lines = new JsonArray();
    BigDecimal total = BigDecimal.ZERO.setScale(2);
    int items = 0;
    for (Map.Entry<String, Integer> entry : cart.entrySet()) {
      Product product = products.get(entry.getKey());
      if (product == null) {
        continue;
      }
      BigDecimal lineTotal = product.price().multiply(BigDecimal.valueOf(entry.getValue()));
      lines.add(new JsonObject().put("sku", product.sku()).put("name", product.name()).put("unitPrice", product.price())
          .put("quantity", entry.getValue()).put("lineTotal", lineTotal));
      total = total.add(lineTotal);
      items += entry.getValue();
    }
    return new JsonObject().put("lines", lines).put("itemCount", items).put("total", total);
  }
}
