package dev.strangler.orders.order;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A placed order with its lines; {@link #toJson()} renders it exactly as the monolith's {@code Order} does (API and event payload). */
public record Order(long id, long customerId, String status, BigDecimal total, Instant placedAt, List<Line> lines) {

  public static final String PLACED = "PLACED";

  public Order {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(placedAt, "placedAt == null");
    total = money(total);
    lines = List.copyOf(lines);
  }

  /** Price and name as they were when the order was placed. */
  public record Line(int lineNo, String sku, String productName, BigDecimal unitPrice, int quantity) {

    public Line {
      Objects.requireNonNull(sku, "sku == null");
      Objects.requireNonNull(productName, "productName == null");
      unitPrice = money(unitPrice);
    }

    public BigDecimal lineTotal() {
      return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    JsonObject toJson() {
      return new JsonObject().put("lineNo", lineNo).put("sku", sku).put("productName", productName).put("unitPrice", unitPrice)
          .put("quantity", quantity).put("lineTotal", lineTotal());
    }
  }

  /** The sum of the line totals, as the monolith computes an order's total. */
  public static BigDecimal totalOf(List<Line> lines) {
    return lines.stream().map(Line::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Members in the monolith's order; amounts with two decimals (numeric(12, 2)); ISO-8601 instant. */
  public JsonObject toJson() {
    JsonArray rendered = new JsonArray();
    lines.forEach(l -> rendered.add(l.toJson()));
    return new JsonObject().put("id", id).put("customerId", customerId).put("status", status).put("total", total)
        .put("placedAt", DateTimeFormatter.ISO_INSTANT.format(placedAt)).put("lines", rendered);
  }

  /** Reads the monolith's rendering back (an OrderPlaced payload); amounts must have been read exactly. */
  public static Order fromJson(JsonObject json) {
    JsonArray lines = json.getJsonArray("lines", new JsonArray());
    List<Line> parsed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonObject l = lines.getJsonObject(i);
      parsed.add(new Line(l.getInteger("lineNo"), l.getString("sku"), l.getString("productName"), decimal(l.getValue("unitPrice")),
          l.getInteger("quantity")));
    }
    return new Order(json.getLong("id"), json.getLong("customerId"), json.getString("status"), decimal(json.getValue("total")),
        Instant.parse(json.getString("placedAt")), parsed);
  }

  private static BigDecimal decimal(Object value) {
    Objects.requireNonNull(value, "amount missing");
    return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
  }

  static BigDecimal money(BigDecimal amount) {
    return Objects.requireNonNull(amount, "amount == null").setScale(2, RoundingMode.HALF_EVEN);
  }
}
