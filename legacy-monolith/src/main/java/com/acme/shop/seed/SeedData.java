package com.acme.shop.seed;

import com.acme.shop.catalog.Product;
import java.time.Instant;
import java.util.List;

/** Everything the demo shop starts with; produced by {@link SeedGenerator}, written by {@link SeedLoader}. */
public record SeedData(
        List<SeedCategory> categories,
        List<Product> products,
        List<SeedCustomer> customers,
        List<SeedOrder> orders) {

    /** A category row. */
    public record SeedCategory(String slug, String name) {}

    /** A customer whose password is {@link SeedGenerator#CUSTOMER_PASSWORD}. */
    public record SeedCustomer(String email, String name, Instant registeredAt) {}

    /** A past order; {@code customerIndex} points into {@link #customers()}. */
    public record SeedOrder(int customerIndex, Instant placedAt, List<SeedLine> lines) {}

    /** One line of a past order. */
    public record SeedLine(String sku, int quantity) {}
}
