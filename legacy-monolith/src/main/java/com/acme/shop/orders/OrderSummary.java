package com.acme.shop.orders;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of the order history. */
public record OrderSummary(long id, String status, BigDecimal total, Instant placedAt, int itemCount) {}
