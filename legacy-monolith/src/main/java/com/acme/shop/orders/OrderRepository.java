package com.acme.shop.orders;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the {@code orders} and {@code order_lines} tables. */
@Repository
public class OrderRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public OrderRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Order insert(long customerId, List<Order.Line> lines) {
        BigDecimal total = lines.stream().map(Order.Line::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        Order order = jdbc.queryForObject("""
                insert into orders (customer_id, status, total) values (:customer, :status, :total)
                returning id, customer_id, status, total, placed_at
                """,
                new MapSqlParameterSource("customer", customerId).addValue("status", Order.PLACED).addValue("total", total),
                (rs, i) -> new Order(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("status"),
                        rs.getBigDecimal("total"), rs.getTimestamp("placed_at").toInstant(), lines));
        insertLines(order.id(), lines);
        return order;
    }

    /**
     * Inserts an order placed elsewhere with its own id and lines, unless an order with that id is
     * there already; returns whether it inserted. The id bypasses the identity (OVERRIDING SYSTEM VALUE).
     */
    public boolean insertImported(Order order) {
        int inserted = jdbc.update("""
                insert into orders (id, customer_id, status, total, placed_at) overriding system value
                values (:id, :customer, :status, :total, :placedAt)
                on conflict (id) do nothing
                """, new MapSqlParameterSource("id", order.id())
                        .addValue("customer", order.customerId())
                        .addValue("status", order.status())
                        .addValue("total", order.total())
                        .addValue("placedAt", Timestamp.from(order.placedAt())));
        if (inserted == 1) {
            insertLines(order.id(), order.lines());
        }
        return inserted == 1;
    }

    private void insertLines(long orderId, List<Order.Line> lines) {
        jdbc.batchUpdate("""
                insert into order_lines (order_id, line_no, sku, product_name, unit_price, quantity)
                values (:order, :lineNo, :sku, :name, :price, :quantity)
                """, lines.stream().map(line -> new MapSqlParameterSource("order", orderId)
                        .addValue("lineNo", line.lineNo())
                        .addValue("sku", line.sku())
                        .addValue("name", line.productName())
                        .addValue("price", line.unitPrice())
                        .addValue("quantity", line.quantity()))
                .toArray(MapSqlParameterSource[]::new));
    }

    /** Only the owner sees an order; anyone else gets "not found", not "forbidden". */
    public Optional<Order> find(long id, long customerId) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("customer", customerId);
        List<Order.Line> lines = jdbc.query("""
                select l.line_no, l.sku, l.product_name, l.unit_price, l.quantity
                from order_lines l join orders o on o.id = l.order_id
                where o.id = :id and o.customer_id = :customer order by l.line_no
                """, params, (rs, i) -> new Order.Line(rs.getInt("line_no"), rs.getString("sku"),
                        rs.getString("product_name"), rs.getBigDecimal("unit_price"), rs.getInt("quantity")));
        return jdbc.query("""
                select id, customer_id, status, total, placed_at from orders
                where id = :id and customer_id = :customer
                """, params, (rs, i) -> new Order(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("status"),
                        rs.getBigDecimal("total"), rs.getTimestamp("placed_at").toInstant(), lines))
                .stream().findFirst();
    }

    public List<OrderSummary> history(long customerId, int limit) {
        return jdbc.query("""
                select o.id, o.status, o.total, o.placed_at, coalesce(sum(l.quantity), 0) as items
                from orders o left join order_lines l on l.order_id = o.id
                where o.customer_id = :customer
                group by o.id order by o.placed_at desc, o.id desc limit :limit
                """, new MapSqlParameterSource("customer", customerId).addValue("limit", limit),
                (rs, i) -> new OrderSummary(rs.getLong("id"), rs.getString("status"), rs.getBigDecimal("total"),
                        rs.getTimestamp("placed_at").toInstant(), rs.getInt("items")));
    }
}
