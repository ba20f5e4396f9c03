package com.acme.shop.inventory;

import com.acme.shop.catalog.Product;
import com.acme.shop.catalog.ProductEvents;
import com.acme.shop.catalog.ProductRepository;
import com.acme.shop.inventory.OutOfStockException.Shortage;
import com.acme.shop.outbox.OutboxWriter;
import com.acme.shop.web.errors.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Stock adjustments and checkout reservations, each with its StockChanged event. */
@Service
public class InventoryService {

    private final InventoryRepository inventory;
    private final ProductRepository products;
    private final OutboxWriter outbox;

    public InventoryService(InventoryRepository inventory, ProductRepository products, OutboxWriter outbox) {
        this.inventory = inventory;
        this.products = products;
        this.outbox = outbox;
    }

    @Transactional
    public Product setStock(String sku, int stock) {
        Product before = products.findForUpdate(sku)
                .orElseThrow(() -> new NotFoundException("no product with sku '" + sku + "'"));
        Product after = inventory.set(sku, stock).orElseThrow();
        outbox.append(ProductEvents.stockChanged(after, before.stock(), "adjustment"));
        return after;
    }

    /**
     * Takes every line off the shelf or none: runs inside the caller's transaction, and any
     * shortage throws so the whole transaction, including stock already taken, rolls back.
     * Lines are taken in SKU order so concurrent checkouts lock rows in the same order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<StockLevel> reserve(Map<String, Integer> lines) {
        List<Shortage> shortages = new ArrayList<>();
        List<StockLevel> taken = takeWhatIsThere(lines, shortages);
        if (!shortages.isEmpty()) {
            throw new OutOfStockException(shortages);
        }
        return taken;
    }

    /**
     * Puts reserved lines back, inside the caller's transaction, in SKU order like {@link #reserve}.
     * A line whose product is gone is skipped (products are never deleted while reservations name them).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<StockLevel> putBack(Map<String, Integer> lines) {
        List<StockLevel> returned = new ArrayList<>();
        for (Map.Entry<String, Integer> line : new TreeMap<>(lines).entrySet()) {
            int quantity = line.getValue();
            inventory.give(line.getKey(), quantity)
                    .ifPresent(product -> returned.add(new StockLevel(product, product.stock() - quantity)));
        }
        return returned;
    }

    /**
     * Takes each line that is on hand in full, in SKU order, never failing on a shortage: for an
     * order that exists already and must be honoured. Adds the lines that fell short to {@code shortages}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<StockLevel> takeWhatIsThere(Map<String, Integer> lines, List<Shortage> shortages) {
        List<StockLevel> taken = new ArrayList<>();
        for (Map.Entry<String, Integer> line : new TreeMap<>(lines).entrySet()) {
            int quantity = line.getValue();
            inventory.take(line.getKey(), quantity).ifPresentOrElse(
                    product -> taken.add(new StockLevel(product, product.stock() + quantity)),
                    () -> shortages.add(new Shortage(line.getKey(), quantity,
                            inventory.currentStock(line.getKey()).orElse(0))));
        }
        return taken;
    }
}
