package com.acme.shop.seed;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.catalog.Product;
import com.acme.shop.catalog.ProductRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The database the shop seeded at start-up holds exactly what the generator produces. */
class SeedIT extends ShopIntegrationBase {

    @Autowired
    private SeedLoader loader;

    @Autowired
    private ProductRepository products;

    @Test
    void theSeededCatalogMatchesTheGeneratorRowForRow() {
        SeedData expected = new SeedGenerator(SeedGenerator.DEFAULT_SEED).generate();

        for (Product product : expected.products().subList(0, 50)) {
            Product stored = products.find(product.sku()).orElseThrow();
            assertThat(stored.name()).isEqualTo(product.name());
            assertThat(stored.category()).isEqualTo(product.category());
            assertThat(stored.price()).isEqualByComparingTo(product.price());
            assertThat(stored.updatedAt()).isEqualTo(product.updatedAt());
        }
        assertThat(count("select count(*) from products where sku like 'ACME-%'")).isEqualTo(SeedGenerator.PRODUCTS);
        assertThat(count("select count(*) from customers where email like 'customer___@acme.test'"))
                .isEqualTo(SeedGenerator.CUSTOMERS);
        assertThat(count("select count(*) from categories")).isEqualTo(20);
    }

    @Test
    void seededOrdersHaveTheirEventsInTheOutbox() {
        long seededOrders = count("select count(*) from orders o join customers c on c.id = o.customer_id"
                + " where c.email like 'customer___@acme.test' and o.placed_at < '2026-01-01'");

        assertThat(seededOrders).isEqualTo(SeedGenerator.ORDERS);
        assertThat(count("select count(*) from outbox where event_type = 'ProductCreated' and aggregate_id like 'ACME-%'"))
                .isEqualTo(SeedGenerator.PRODUCTS);
    }

    @Test
    void seedingAgainIsANoOp() {
        long before = count("select count(*) from outbox");

        boolean loaded = loader.loadIfEmpty(new SeedGenerator(SeedGenerator.DEFAULT_SEED).generate());

        assertThat(loaded).isFalse();
        assertThat(count("select count(*) from outbox")).isEqualTo(before);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
