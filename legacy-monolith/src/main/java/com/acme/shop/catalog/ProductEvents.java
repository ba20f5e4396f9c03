package com.acme.shop.catalog;

import com.acme.shop.outbox.EventType;
import com.acme.shop.outbox.OutboxEvent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds product events whose payload is always the product's full new state. */
public final class ProductEvents {

    public static final String AGGREGATE = "Product";

    private ProductEvents() {}

    public static OutboxEvent created(Product product) {
        return new OutboxEvent(AGGREGATE, product.sku(), EventType.ProductCreated, state(product));
    }

    public static OutboxEvent updated(Product product) {
        return new OutboxEvent(AGGREGATE, product.sku(), EventType.ProductUpdated, state(product));
    }

    public static OutboxEvent priceChanged(Product product, BigDecimal previousPrice) {
        Map<String, Object> payload = state(product);
        payload.put("previousPrice", previousPrice);
        return new OutboxEvent(AGGREGATE, product.sku(), EventType.PriceChanged, payload);
    }

    /** {@code reason} says why: "adjustment" for an admin write, "order:42" for a checkout. */
    public static OutboxEvent stockChanged(Product product, int previousStock, String reason) {
        Map<String, Object> payload = state(product);
        payload.put("previousStock", previousStock);
        payload.put("reason", reason);
        return new OutboxEvent(AGGREGATE, product.sku(), EventType.StockChanged, payload);
    }

    private static Map<String, Object> state(Product p) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("sku", p.sku());
        state.put("name", p.name());
        state.put("description", p.description());
        state.put("price", p.price());
        state.put("category", p.category());
        state.put("stock", p.stock());
        state.put("updatedAt", p.updatedAt());
        return state;
    }
}
