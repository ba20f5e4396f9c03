package com.acme.shop.seed;

import com.acme.shop.catalog.Product;
import com.acme.shop.catalog.ProductEvents;
import com.acme.shop.customers.Customer;
import com.acme.shop.customers.CustomerService;
import com.acme.shop.orders.Order;
import com.acme.shop.orders.OrderRepository;
import com.acme.shop.orders.OrderService;
import com.acme.shop.outbox.EventType;
import com.acme.shop.outbox.OutboxEvent;
import com.acme.shop.outbox.OutboxWriter;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes {@link SeedData} into an empty database, with the same outbox events live traffic would
 * have produced, so a projection built from events alone also knows the seeded shop.
 */
@Component
public class SeedLoader {

    private static final Logger log = LoggerFactory.getLogger(SeedLoader.class);

    private final JdbcTemplate jdbc;
    private final OrderRepository orders;
    private final OutboxWriter outbox;
    private final PasswordEncoder passwords;

    public SeedLoader(JdbcTemplate jdbc, OrderRepository orders, OutboxWriter outbox, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.outbox = outbox;
        this.passwords = passwords;
    }

    /** Loads {@code data} unless the shop already has products; returns whether it did. */
    @Transactional
    public boolean loadIfEmpty(SeedData data) {
        // Serialises concurrent starters on one database; released at commit.
        jdbc.execute("select pg_advisory_xact_lock(4242)");
        Long existing = jdbc.queryForObject("select count(*) from products", Long.class);
        if (existing != null && existing > 0) {
            log.info("Seed skipped: the database already holds {} products", existing);
            return false;
        }
        jdbc.batchUpdate("insert into categories (slug, name) values (?, ?) on conflict do nothing",
                data.categories().stream().map(c -> new Object[] {c.slug(), c.name()}).toList());
        jdbc.batchUpdate("""
                insert into products (sku, name, description, price, category, stock, updated_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """, data.products().stream().map(p -> new Object[] {
                        p.sku(), p.name(), p.description(), p.price(), p.category(), p.stock(),
                        Timestamp.from(p.updatedAt())}).toList());
        outbox.appendAll(data.products().stream().map(ProductEvents::created).toList());
        List<Customer> customers = insertCustomers(data.customers());
        insertOrders(data, customers);
        log.info("Seeded {} categories, {} products, {} customers and {} orders",
                data.categories().size(), data.products().size(), customers.size(), data.orders().size());
        return true;
    }

    private List<Customer> insertCustomers(List<SeedData.SeedCustomer> seeds) {
        // One hash shared by all: BCrypt is slow on purpose and 100 hashes would slow start-up by seconds.
        String hash = passwords.encode(SeedGenerator.CUSTOMER_PASSWORD);
        List<Customer> customers = new ArrayList<>(seeds.size());
        for (SeedData.SeedCustomer seed : seeds) {
            customers.add(jdbc.queryForObject("""
                    insert into customers (email, password_hash, name, registered_at) values (?, ?, ?, ?)
                    returning id, email, name, registered_at
                    """, (rs, i) -> new Customer(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                            rs.getTimestamp("registered_at").toInstant()),
                    seed.email(), hash, seed.name(), Timestamp.from(seed.registeredAt())));
        }
        outbox.appendAll(customers.stream().map(c -> new OutboxEvent(
                CustomerService.AGGREGATE, Long.toString(c.id()), EventType.CustomerRegistered, c)).toList());
        return customers;
    }

    private void insertOrders(SeedData data, List<Customer> customers) {
        Map<String, Product> bySku = data.products().stream()
                .collect(Collectors.toMap(Product::sku, Function.identity()));
        List<OutboxEvent> events = new ArrayList<>();
        for (SeedData.SeedOrder seed : data.orders()) {
            List<Order.Line> lines = new ArrayList<>();
            for (SeedData.SeedLine line : seed.lines()) {
                Product product = bySku.get(line.sku());
                lines.add(new Order.Line(lines.size() + 1, product.sku(), product.name(), product.price(), line.quantity()));
            }
            Order inserted = orders.insert(customers.get(seed.customerIndex()).id(), lines);
            jdbc.update("update orders set placed_at = ? where id = ?", Timestamp.from(seed.placedAt()), inserted.id());
            Order order = new Order(inserted.id(), inserted.customerId(), inserted.status(), inserted.total(),
                    seed.placedAt(), lines);
            events.add(new OutboxEvent(OrderService.AGGREGATE, Long.toString(order.id()), EventType.OrderPlaced, order));
        }
        outbox.appendAll(events);
    }
}
