package com.acme.shop.seed;

import com.acme.shop.catalog.Product;
import com.acme.shop.seed.SeedData.SeedCategory;
import com.acme.shop.seed.SeedData.SeedCustomer;
import com.acme.shop.seed.SeedData.SeedLine;
import com.acme.shop.seed.SeedData.SeedOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates the demo catalog, customers and orders from a fixed random seed, so every machine
 * (and every test, and every migrated service's test) sees exactly the same shop.
 *
 * <p>Uses {@link java.util.Random}, whose algorithm the JDK specifies, so output is stable across
 * JDK versions. Pure: no database, no clock.
 */
public final class SeedGenerator {

    public static final long DEFAULT_SEED = 42L;
    public static final int PRODUCTS = 1_000;
    public static final int CUSTOMERS = 100;
    public static final int ORDERS = 200;
    /** Every seeded customer's password, documented in the README. */
    public static final String CUSTOMER_PASSWORD = "password123";

    /** Seeded timestamps lie in the year before this instant, not relative to "now". */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final long seed;

    public SeedGenerator(long seed) {
        this.seed = seed;
    }

    public SeedData generate() {
        Random random = new Random(seed);
        List<SeedCategory> categories = SeedVocabulary.categories();
        List<Product> products = products(random, categories);
        List<SeedCustomer> customers = customers(random);
        List<SeedOrder> orders = orders(random, products, customers.size());
        return new SeedData(categories, products, customers, orders);
    }

    private static List<Product> products(Random random, List<SeedCategory> categories) {
        List<Product> products = new ArrayList<>(PRODUCTS);
        for (int i = 1; i <= PRODUCTS; i++) {
            SeedCategory category = categories.get(random.nextInt(categories.size()));
            String noun = pick(random, SeedVocabulary.nouns(category.slug()));
            String adjective = pick(random, SeedVocabulary.ADJECTIVES);
            String colour = pick(random, SeedVocabulary.COLOURS);
            String model = (char) ('A' + random.nextInt(26)) + String.valueOf(100 + random.nextInt(900));
            String name = adjective + " " + noun + " " + model;
            String lowerAdjective = adjective.toLowerCase(Locale.ROOT);
            String article = "aeiou".indexOf(lowerAdjective.charAt(0)) >= 0 ? "An" : "A";
            String description = String.format(Locale.ROOT, "%s %s %s in %s, made of %s. %s",
                    article, lowerAdjective, noun.toLowerCase(Locale.ROOT), colour,
                    pick(random, SeedVocabulary.MATERIALS), pick(random, SeedVocabulary.TAGLINES));
            // Log-uniform prices between about 2 and 1000, ending in .99 like a real shop.
            double raw = Math.exp(Math.log(2) + random.nextDouble() * (Math.log(1000) - Math.log(2)));
            BigDecimal price = BigDecimal.valueOf(Math.max(1, (long) raw)).subtract(new BigDecimal("0.01"))
                    .setScale(2, RoundingMode.UNNECESSARY);
            // About one product in ten is sold out, so the inStock filter has something to do.
            int stock = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(200);
            Instant updatedAt = EPOCH.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            products.add(new Product(String.format(Locale.ROOT, "ACME-%05d", i), name, description, price,
                    category.slug(), stock, updatedAt));
        }
        return products;
    }

    private static List<SeedCustomer> customers(Random random) {
        List<SeedCustomer> customers = new ArrayList<>(CUSTOMERS);
        for (int i = 1; i <= CUSTOMERS; i++) {
            String name = pick(random, SeedVocabulary.FIRST_NAMES) + " " + pick(random, SeedVocabulary.LAST_NAMES);
            Instant registeredAt = EPOCH.minus(Duration.ofDays(365 + random.nextInt(365)));
            customers.add(new SeedCustomer(String.format(Locale.ROOT, "customer%03d@acme.test", i), name, registeredAt));
        }
        return customers;
    }

    private static List<SeedOrder> orders(Random random, List<Product> products, int customers) {
        List<SeedOrder> orders = new ArrayList<>(ORDERS);
        for (int i = 0; i < ORDERS; i++) {
            int lineCount = 1 + random.nextInt(4);
            Map<String, Integer> lines = new LinkedHashMap<>();
            while (lines.size() < lineCount) {
                lines.putIfAbsent(products.get(random.nextInt(products.size())).sku(), 1 + random.nextInt(3));
            }
            Instant placedAt = EPOCH.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            orders.add(new SeedOrder(random.nextInt(customers), placedAt,
                    lines.entrySet().stream().map(e -> new SeedLine(e.getKey(), e.getValue())).toList()));
        }
        return orders;
    }

    private static String pick(Random random, List<String> words) {
        return words.get(random.nextInt(words.size()));
    }
}
