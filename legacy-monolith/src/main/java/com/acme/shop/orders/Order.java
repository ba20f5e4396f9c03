package com.acme.shop.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A placed order with its lines: the full state of the order aggregate. */
public record Order(long id, long customerId, String status, BigDecimal total, Instant placedAt, List<Line> lines) {

    public static final String PLACED = "PLACED";

    /** Price and name as they were when the order was placed. */
    public record Line(int lineNo, String sku, String productName, BigDecimal unitPrice, int quantity) {

        @JsonProperty("lineTotal")
        public BigDecimal lineTotal() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }
}
