package dev.strangler.orders.order;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** One row of the order history, rendered as the monolith's {@code OrderSummary}. */
public record OrderSummary(long id, String status, BigDecimal total, Instant placedAt, int itemCount) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("status", status).put("total", total.setScale(2, RoundingMode.HALF_EVEN))
        .put("placedAt", DateTimeFormatter.ISO_INSTANT.format(placedAt)).put("itemCount", itemCount);
  }
}
