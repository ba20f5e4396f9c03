package com.acme.shop.orders.sync;

import com.acme.shop.orders.Order;
import com.acme.shop.orders.OrderRepository;
import com.acme.shop.reservations.ReservationService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an order orders-service placed into the monolith's tables, so its history, customer pages
 * and reports see it. Takes no stock (the reservation did) and appends no OrderPlaced (orders-service
 * published it already): one transaction inserts the order if absent and confirms its reservation.
 */
@Service
public class OrderImporter {

    private static final Logger log = LoggerFactory.getLogger(OrderImporter.class);

    private final OrderRepository orders;
    private final ReservationService reservations;

    public OrderImporter(OrderRepository orders, ReservationService reservations) {
        this.orders = orders;
        this.reservations = reservations;
    }

    /** True when the order was new here; false for a redelivery (nothing changes). */
    @Transactional
    public boolean importOrder(Order order) {
        if (!orders.insertImported(order)) {
            return false;
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        order.lines().forEach(line -> lines.merge(line.sku(), line.quantity(), Integer::sum));
        reservations.confirm("order:" + order.id(), lines);
        log.info("Imported order {} of customer {} from orders-service", order.id(), order.customerId());
        return true;
    }
}
