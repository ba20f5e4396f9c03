package dev.strangler.orders.checkout;

import dev.strangler.orders.projection.Product;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stock check of a sandboxed checkout, against the product projection instead of a reservation at the monolith,
 * answering a shortage with the monolith's own 409 ({@code OutOfStockException}): lines in SKU order, a product
 * unknown counts as 0 available.
 */
final class Shortages {

  private Shortages() {}

  /** The monolith's 409 body for the lines {@code products} cannot serve, or null when every line can be. */
  static String check(Map<String, Integer> cart, Map<String, Product> products, String path) {
    List<JsonObject> shortages = new ArrayList<>();
    new TreeMap<>(cart).forEach((sku, requested) -> {
      Product product = products.get(sku);
      int available = product == null ? 0 : product.stock();
      if (available < requested) {
        shortages.add(new JsonObject().put("sku", sku).put("requested", requested).put("available", available));
      }
    });
    if (shortages.isEmpty()) {
      return null;
    }
    String skus = String.join(", ", shortages.stream().map(s -> s.getString("sku")).toList());
    JsonObject body = ProblemFormat.SPRING_MVC.body(new Problem(409, "Out of Stock", "not enough stock for " + skus), path);
    return body.put("shortages", new JsonArray(new ArrayList<>(shortages))).encode();
  }
}
