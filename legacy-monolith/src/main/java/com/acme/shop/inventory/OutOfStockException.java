package com.acme.shop.inventory;

import com.acme.shop.web.errors.ShopException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Checkout asked for more than is on hand for at least one line: 409, listing every such line. */
public final class OutOfStockException extends ShopException {

    private final List<Shortage> shortages;

    public OutOfStockException(List<Shortage> shortages) {
        super(HttpStatus.CONFLICT, "Out of Stock", "not enough stock for "
                + String.join(", ", shortages.stream().map(Shortage::sku).toList()));
        this.shortages = List.copyOf(shortages);
    }

    public List<Shortage> shortages() {
        return shortages;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("shortages", shortages);
    }

    /** One line that cannot be served; {@code available} is 0 for a product that no longer exists. */
    public record Shortage(String sku, int requested, int available) {}
}
