package dev.strangler.cli;

import dev.strangler.testsupport.PostgresDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The orders stores of issue 7 in a test's own database: the monolith's tables in {@code public}, orders-service's
 * in {@code orders_service} and its sandbox in {@code orders_sandbox} (contract C2/C4), without the foreign keys to
 * products and customers the drift check never reads.
 */
final class OrderStores {

    static final String LEGACY = "public";
    static final String SERVICE = "orders_service";
    static final String SANDBOX = "orders_sandbox";
    static final Instant PLACED = Instant.parse("2026-11-29T06:00:00.123456Z");

    /** An order line as stored. */
    record Line(String sku, String name, String unitPrice, int quantity) {}

    private final PostgresDatabase db;

    OrderStores(PostgresDatabase db) {
        this.db = db;
    }

    /** postgresql:// URL of the test database (the server trusts the role: no password). */
    String url() {
        return "postgresql://" + db.username() + "@" + db.endpoint().host() + ":" + db.endpoint().port() + "/" + db.name();
    }

    void create() throws SQLException {
        for (String schema : List.of(LEGACY, SERVICE, SANDBOX)) {
            execute("create schema if not exists " + schema,
                    "create table " + schema + ".orders (id bigint primary key, customer_id bigint not null,"
                            + " status text not null, total numeric(12,2) not null, placed_at timestamptz not null"
                            + (schema.equals(LEGACY) ? "" : ", origin text not null default 'orders-service', correlation_id text")
                            + ")",
                    "create table " + schema + ".order_lines (order_id bigint references " + schema + ".orders (id),"
                            + " line_no int, sku text, product_name text, unit_price numeric(12,2), quantity int,"
                            + " primary key (order_id, line_no))",
                    "create table " + schema + ".outbox (sequence bigint generated always as identity primary key,"
                            + " event_id uuid not null unique, aggregate_type text not null, aggregate_id text not null,"
                            + " event_type text not null, payload jsonb not null, occurred_at timestamptz not null default now(),"
                            + " published_at timestamptz, correlation_id text)");
        }
    }

    void clear() throws SQLException {
        for (String schema : List.of(LEGACY, SERVICE, SANDBOX)) {
            execute("truncate " + schema + ".order_lines, " + schema + ".orders, " + schema + ".outbox");
        }
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** An order with its lines; its total is the lines' sum. */
    void order(String schema, long id, String correlationId, Instant placedAt, Line... lines) throws SQLException {
        BigDecimal total = BigDecimal.ZERO;
        for (Line line : lines) {
            total = total.add(new BigDecimal(line.unitPrice()).multiply(BigDecimal.valueOf(line.quantity())));
        }
        try (Connection c = db.connect()) {
            boolean legacy = schema.equals(LEGACY);
            try (PreparedStatement st = c.prepareStatement("insert into " + schema + ".orders (id, customer_id, status,"
                    + " total, placed_at" + (legacy ? "" : ", correlation_id") + ") values (?, 7, 'PLACED', ?, ?"
                    + (legacy ? "" : ", ?") + ")")) {
                st.setLong(1, id);
                st.setBigDecimal(2, total);
                st.setTimestamp(3, Timestamp.from(placedAt));
                if (!legacy) {
                    st.setString(4, correlationId);
                }
                st.executeUpdate();
            }
            for (int i = 0; i < lines.length; i++) {
                try (PreparedStatement st = c.prepareStatement("insert into " + schema + ".order_lines values (?, ?, ?, ?, ?, ?)")) {
                    st.setLong(1, id);
                    st.setInt(2, i + 1);
                    st.setString(3, lines[i].sku());
                    st.setString(4, lines[i].name());
                    st.setBigDecimal(5, new BigDecimal(lines[i].unitPrice()));
                    st.setInt(6, lines[i].quantity());
                    st.executeUpdate();
                }
            }
        }
    }

    void order(String schema, long id, Line... lines) throws SQLException {
        order(schema, id, null, PLACED, lines);
    }

    /** An outbox event. */
    void event(String schema, String correlationId, String type, String aggregateId, String payload) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement("insert into " + schema
                + ".outbox (event_id, aggregate_type, aggregate_id, event_type, payload, correlation_id)"
                + " values (?, 'Order', ?, ?, ?::jsonb, ?)")) {
            st.setObject(1, UUID.randomUUID());
            st.setString(2, aggregateId);
            st.setString(3, type);
            st.setString(4, payload);
            st.setString(5, correlationId);
            st.executeUpdate();
        }
    }

    static Line line(String sku, String unitPrice, int quantity) {
        return new Line(sku, "Product " + sku, unitPrice, quantity);
    }
}
