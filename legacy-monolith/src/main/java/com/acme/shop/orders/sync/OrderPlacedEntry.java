package com.acme.shop.orders.sync;

import com.acme.shop.orders.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an orders-service stream entry (the relay's wire format) into the order it carries: an
 * {@code OrderPlaced} whose payload is the order exactly as the monolith renders one.
 */
final class OrderPlacedEntry {

    /**
     * orders-service's first order id (its {@code order_ids} sequence starts here); the monolith's
     * own ids stay below it (V4 caps its identity), so an imported id below it would collide.
     */
    static final long FIRST_IMPORTED_ID = 1_000_000_000L;
    static final String TYPE = "OrderPlaced";

    private final JsonMapper json;

    OrderPlacedEntry(JsonMapper json) {
        // Prices and totals as exact decimals, never through a double.
        this.json = json.rebuild().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }

    /** The order, empty for an entry of another type; throws {@link UndecodableEntryException} naming every problem. */
    Optional<Order> decode(Map<String, String> fields) {
        String type = fields.get("type");
        if (type == null || type.isBlank()) {
            throw new UndecodableEntryException("missing type");
        }
        if (!TYPE.equals(type)) {
            return Optional.empty();
        }
        String payload = fields.get("payload");
        if (payload == null) {
            throw new UndecodableEntryException("missing payload");
        }
        JsonNode order;
        try {
            order = json.readTree(payload);
        } catch (JacksonException e) {
            throw new UndecodableEntryException("payload is not JSON");
        }
        if (!order.isObject()) {
            throw new UndecodableEntryException("payload is not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        long id = integral(order, "id", problems);
        if (order.path("id").isIntegralNumber() && id < FIRST_IMPORTED_ID) {
            problems.add("id " + id + " is below " + FIRST_IMPORTED_ID + ", where the monolith's own order ids live");
        }
        if (fields.get("aggregateId") != null && !fields.get("aggregateId").equals(Long.toString(id))) {
            problems.add("aggregateId " + fields.get("aggregateId") + " is not the payload's id " + id);
        }
        long customerId = integral(order, "customerId", problems);
        String status = text(order, "status", problems);
        BigDecimal total = decimal(order, "total", problems);
        Instant placedAt = instant(order, "placedAt", problems);
        List<Order.Line> lines = lines(order.path("lines"), problems);
        if (!problems.isEmpty()) {
            throw new UndecodableEntryException("OrderPlaced: " + String.join(", ", problems));
        }
        return Optional.of(new Order(id, customerId, status, total, placedAt, lines));
    }

    private static List<Order.Line> lines(JsonNode lines, List<String> problems) {
        if (!lines.isArray() || lines.isEmpty()) {
            problems.add("lines must be a non-empty array");
            return List.of();
        }
        List<Order.Line> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            List<String> lineProblems = new ArrayList<>();
            int lineNo = (int) integral(line, "lineNo", lineProblems);
            String sku = text(line, "sku", lineProblems);
            String productName = text(line, "productName", lineProblems);
            BigDecimal unitPrice = decimal(line, "unitPrice", lineProblems);
            int quantity = (int) integral(line, "quantity", lineProblems);
            if (lineProblems.isEmpty() && (lineNo < 1 || quantity < 1 || unitPrice.signum() < 0)) {
                lineProblems.add("lineNo and quantity must be positive and unitPrice not negative");
            }
            int index = i;
            lineProblems.forEach(p -> problems.add("lines[" + index + "]." + p));
            result.add(new Order.Line(lineNo, sku, productName, unitPrice, quantity));
        }
        return result;
    }

    private static long integral(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problems.add(field + " must be a whole number");
            return 0;
        }
        return value.longValue();
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            problems.add(field + " must be a non-blank string");
            return null;
        }
        return value.asString();
    }

    private static BigDecimal decimal(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            problems.add(field + " must be a number");
            return BigDecimal.ZERO;
        }
        return value.decimalValue();
    }

    private static Instant instant(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.path(field);
        try {
            return Instant.parse(value.asString());
        } catch (DateTimeParseException e) {
            problems.add(field + " must be an ISO-8601 instant");
            return null;
        }
    }
}
