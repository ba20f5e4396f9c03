package com.acme.shop.inventory;

import com.acme.shop.catalog.ProductRepository;
import com.acme.shop.catalog.Product;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stock lives on the products table; this is the only code that writes it. */
@Repository
public class InventoryRepository {

    private static final String RETURNING = " returning sku, name, description, price, category, stock, updated_at";

    private final NamedParameterJdbcTemplate jdbc;

    public InventoryRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes {@code quantity} off the shelf only if that many are there. A single conditional UPDATE
     * is atomic, so two checkouts can never both take the last item.
     */
    public Optional<Product> take(String sku, int quantity) {
        return jdbc.query("update products set stock = stock - :quantity, updated_at = now()"
                        + " where sku = :sku and stock >= :quantity" + RETURNING,
                new MapSqlParameterSource("sku", sku).addValue("quantity", quantity),
                ProductRepository.PRODUCT).stream().findFirst();
    }

    /** Puts {@code quantity} back on the shelf (a released reservation). */
    public Optional<Product> give(String sku, int quantity) {
        return jdbc.query("update products set stock = stock + :quantity, updated_at = now() where sku = :sku" + RETURNING,
                new MapSqlParameterSource("sku", sku).addValue("quantity", quantity),
                ProductRepository.PRODUCT).stream().findFirst();
    }

    public Optional<Integer> currentStock(String sku) {
        return jdbc.query("select stock from products where sku = :sku",
                new MapSqlParameterSource("sku", sku), (rs, i) -> rs.getInt(1)).stream().findFirst();
    }

    public Optional<Product> set(String sku, int stock) {
        return jdbc.query("update products set stock = :stock, updated_at = now() where sku = :sku" + RETURNING,
                new MapSqlParameterSource("sku", sku).addValue("stock", stock),
                ProductRepository.PRODUCT).stream().findFirst();
    }
}
