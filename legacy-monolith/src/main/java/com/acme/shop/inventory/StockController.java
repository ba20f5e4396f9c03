package com.acme.shop.inventory;

import com.acme.shop.catalog.Product;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sets a product's stock level (a stock count or a delivery). */
@RestController
public class StockController {

    private final InventoryService inventory;

    public StockController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @PutMapping("/api/products/{sku}/stock")
    public Product setStock(@PathVariable String sku, @Valid @RequestBody StockRequest request) {
        return inventory.setStock(sku, request.stock());
    }

    /** Body of {@code PUT /api/products/{sku}/stock}. */
    public record StockRequest(@NotNull @Min(0) @Max(1_000_000) Integer stock) {}
}
