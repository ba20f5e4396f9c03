package com.acme.shop.reservations;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stock reservation as the internal API answers it; lines in SKU order. */
public record Reservation(String reservationId, ReservationStatus status, List<Line> lines) {

    /** One SKU held: how many, and the stock level right after they were taken. */
    public record Line(String sku, int quantity, int stockAfter) {}

    /** What was asked for, to tell a retry (same lines) from a clash (other lines). */
    public Map<String, Integer> quantities() {
        Map<String, Integer> quantities = new TreeMap<>();
        lines.forEach(line -> quantities.put(line.sku(), line.quantity()));
        return quantities;
    }
}
