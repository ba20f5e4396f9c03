package com.acme.shop.orders;

import java.time.Instant;
import java.util.List;

/** The logged-in customer's orders, newest first. */
public record OrderHistory(List<OrderSummary> items, Instant generatedAt) {}
