package com.acme.shop.seed;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.catalog.Product;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedGeneratorTest {

    private final SeedData data = new SeedGenerator(SeedGenerator.DEFAULT_SEED).generate();

    @Test
    void theSameSeedGivesTheSameShop() {
        assertThat(new SeedGenerator(SeedGenerator.DEFAULT_SEED).generate()).isEqualTo(data);
    }

    @Test
    void anotherSeedGivesAnotherShop() {
        assertThat(new SeedGenerator(7).generate().products()).isNotEqualTo(data.products());
    }

    @Test
    void theDefaultSeedIsPinnedSoDocsAndOtherServicesCanRelyOnIt() {
        // If this fails, the demo data changed: update every test and doc that names seeded products.
        Product first = data.products().get(0);
        assertThat(first).isEqualTo(new Product("ACME-00001", "Classic Massage Gun A125",
                "A classic massage gun in black, made of aluminium. Our best seller.", new BigDecimal("124.99"),
                "health", 103, Instant.parse("2025-03-28T01:24:00Z")));
    }

    @Test
    void hasTheAdvertisedSizes() {
        assertThat(data.categories()).hasSize(20);
        assertThat(data.products()).hasSize(SeedGenerator.PRODUCTS);
        assertThat(data.customers()).hasSize(SeedGenerator.CUSTOMERS);
        assertThat(data.orders()).hasSize(SeedGenerator.ORDERS);
    }

    @Test
    void skusAndEmailsAreUnique() {
        Set<String> skus = new HashSet<>();
        data.products().forEach(p -> assertThat(skus.add(p.sku())).isTrue());
        Set<String> emails = new HashSet<>();
        data.customers().forEach(c -> assertThat(emails.add(c.email())).isTrue());
    }

    @Test
    void pricesHaveTwoDecimalsAndSomeProductsAreSoldOut() {
        data.products().forEach(p -> {
            assertThat(p.price().scale()).isEqualTo(2);
            assertThat(p.price()).isGreaterThan(BigDecimal.ZERO);
        });
        assertThat(data.products()).anyMatch(p -> p.stock() == 0).anyMatch(p -> p.stock() > 0);
    }

    @Test
    void everyCategoryHasProductsAndEveryOrderLineNamesASeededProduct() {
        Set<String> skus = new HashSet<>();
        data.products().forEach(p -> skus.add(p.sku()));
        data.categories().forEach(c -> assertThat(data.products()).anyMatch(p -> p.category().equals(c.slug())));
        data.orders().forEach(o -> {
            assertThat(o.lines()).isNotEmpty();
            o.lines().forEach(l -> assertThat(skus).contains(l.sku()));
            assertThat(o.customerIndex()).isBetween(0, SeedGenerator.CUSTOMERS - 1);
        });
    }
}
