package dev.strangler.catalog.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A product's full state at {@code updatedAt}, as the monolith serves it and as its product events
 * carry it. {@link #toJson()} renders it exactly as the monolith does.
 */
public record ProductSnapshot(String sku, String name, String description, BigDecimal price, String category,
    int stock, Instant updatedAt) {

  public ProductSnapshot {
    Objects.requireNonNull(sku, "sku == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(price, "price == null");
    Objects.requireNonNull(category, "category == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
    description = description == null ? "" : description;
    // The monolith's column is numeric(12, 2): it always answers with two decimals.
    price = price.setScale(2, RoundingMode.HALF_EVEN);
  }

  /** Reads the monolith's JSON (API item or event payload); numbers must have been read as BigDecimal. */
  public static ProductSnapshot fromJson(JsonNode json) {
    return new ProductSnapshot(text(json, "sku"), text(json, "name"), json.path("description").asText(""),
        json.path("price").decimalValue(), text(json, "category"), json.path("stock").asInt(),
        Instant.parse(text(json, "updatedAt")));
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("product snapshot without " + field + ": " + json);
    }
    return value.asText();
  }

  /** The monolith's rendering: these fields in this order, price with two decimals, ISO instant. */
  public JsonObject toJson() {
    return new JsonObject().put("sku", sku).put("name", name).put("description", description).put("price", price)
        .put("category", category).put("stock", stock).put("updatedAt", DateTimeFormatter.ISO_INSTANT.format(updatedAt));
  }

  /** Scores in Redis are doubles: microseconds since the epoch stay exact (PostgreSQL keeps microseconds). */
  public long updatedMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
  }

  public long priceCents() {
    return price.movePointRight(2).longValueExact();
  }
}
