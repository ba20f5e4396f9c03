package com.acme.shop.cart;

import java.math.BigDecimal;
import java.util.List;

/** The cart priced at current catalog prices. */
public record CartView(List<Line> lines, int itemCount, BigDecimal total) {

    /** One cart line; {@code lineTotal} is unit price times quantity. */
    public record Line(String sku, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {}
}
