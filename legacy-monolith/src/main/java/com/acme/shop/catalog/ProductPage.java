package com.acme.shop.catalog;

import java.time.Instant;
import java.util.List;

/** One page of products; {@code generatedAt} is the server time the page was produced. */
public record ProductPage(
        List<Product> items,
        int page,
        int size,
        long totalItems,
        long totalPages,
        String sort,
        Instant generatedAt) {}
