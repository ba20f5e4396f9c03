package com.acme.shop.orders;

import com.acme.shop.catalog.Product;
import com.acme.shop.catalog.ProductEvents;
import com.acme.shop.inventory.InventoryService;
import com.acme.shop.inventory.StockLevel;
import com.acme.shop.outbox.EventType;
import com.acme.shop.outbox.OutboxEvent;
import com.acme.shop.outbox.OutboxWriter;
import com.acme.shop.web.errors.BadRequestException;
import com.acme.shop.web.errors.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Checkout and order history. */
@Service
public class OrderService {

    public static final String AGGREGATE = "Order";
    /** The history is a recent-orders view, not an archive. */
    public static final int HISTORY_LIMIT = 100;

    private final OrderRepository orders;
    private final InventoryService inventory;
    private final OutboxWriter outbox;
    private final Clock clock;

    public OrderService(OrderRepository orders, InventoryService inventory, OutboxWriter outbox, Clock clock) {
        this.orders = orders;
        this.inventory = inventory;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * One transaction: stock is taken, the order written and all events appended, or, on any
     * shortage or failure, nothing at all happened.
     */
    @Transactional
    public Order place(long customerId, Map<String, Integer> cart) {
        if (cart.isEmpty()) {
            throw new BadRequestException("cart", "is empty; add items before checking out");
        }
        List<StockLevel> taken = inventory.reserve(cart);
        List<Order.Line> lines = new ArrayList<>();
        for (StockLevel level : taken) {
            Product product = level.product();
            lines.add(new Order.Line(lines.size() + 1, product.sku(), product.name(), product.price(),
                    cart.get(product.sku())));
        }
        Order order = orders.insert(customerId, lines);
        for (StockLevel level : taken) {
            outbox.append(ProductEvents.stockChanged(level.product(), level.previousStock(), "order:" + order.id()));
        }
        outbox.append(new OutboxEvent(AGGREGATE, Long.toString(order.id()), EventType.OrderPlaced, order));
        return order;
    }

    @Transactional(readOnly = true)
    public Order get(long id, long customerId) {
        return orders.find(id, customerId).orElseThrow(() -> new NotFoundException("no order " + id));
    }

    @Transactional(readOnly = true)
    public OrderHistory history(long customerId) {
        return new OrderHistory(orders.history(customerId, HISTORY_LIMIT), clock.instant());
    }
}
