package com.acme.shop.catalog;

import java.math.BigDecimal;
import java.time.Instant;

/** A product as sold and as published in events: the full state of the catalog aggregate. */
public record Product(
        String sku,
        String name,
        String description,
        BigDecimal price,
        String category,
        int stock,
        Instant updatedAt) {

    public boolean inStock() {
        return stock > 0;
    }
}
