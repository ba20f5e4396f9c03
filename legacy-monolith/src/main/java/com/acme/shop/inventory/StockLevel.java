package com.acme.shop.inventory;

import com.acme.shop.catalog.Product;

/** A product right after its stock moved, with the level it moved from. */
public record StockLevel(Product product, int previousStock) {}
