package com.acme.shop.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the {@code products} and {@code categories} tables. */
@Repository
public class ProductRepository {

    static final String COLUMNS = "sku, name, description, price, category, stock, updated_at";

    public static final RowMapper<Product> PRODUCT = ProductRepository::product;

    private final NamedParameterJdbcTemplate jdbc;

    public ProductRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Product> find(String sku) {
        return jdbc.query("select " + COLUMNS + " from products where sku = :sku",
                new MapSqlParameterSource("sku", sku), PRODUCT).stream().findFirst();
    }

    /** Locks the row so a concurrent update cannot slip between our read and our write. */
    public Optional<Product> findForUpdate(String sku) {
        return jdbc.query("select " + COLUMNS + " from products where sku = :sku for update",
                new MapSqlParameterSource("sku", sku), PRODUCT).stream().findFirst();
    }

    public boolean exists(String sku) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from products where sku = :sku)", new MapSqlParameterSource("sku", sku),
                Boolean.class));
    }

    public List<Product> findAll(List<String> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select " + COLUMNS + " from products where sku in (:skus) order by sku",
                new MapSqlParameterSource("skus", skus), PRODUCT);
    }

    public ProductPage search(ProductQuery query, Instant now) {
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (query.category() != null) {
            where.add("category = :category");
            params.addValue("category", query.category());
        }
        if (query.minPrice() != null) {
            where.add("price >= :minPrice");
            params.addValue("minPrice", query.minPrice());
        }
        if (query.maxPrice() != null) {
            where.add("price <= :maxPrice");
            params.addValue("maxPrice", query.maxPrice());
        }
        if (query.inStock() != null) {
            where.add(query.inStock() ? "stock > 0" : "stock = 0");
        }
        if (query.text() != null) {
            // Full text for words ("wireless headphones"), ILIKE for fragments and SKUs ("ACME-001").
            where.add("(search @@ websearch_to_tsquery('english', :text)"
                    + " or name ilike :like escape '\\' or sku ilike :like escape '\\')");
            params.addValue("text", query.text());
            params.addValue("like", "%" + escapeLike(query.text()) + "%");
        }
        String filter = where.isEmpty() ? "" : " where " + String.join(" and ", where);
        Long total = jdbc.queryForObject("select count(*) from products" + filter, params, Long.class);
        params.addValue("limit", query.size());
        params.addValue("offset", query.offset());
        List<Product> items = jdbc.query(
                "select " + COLUMNS + " from products" + filter
                        + " order by " + query.sort().orderBy() + " limit :limit offset :offset",
                params, PRODUCT);
        long totalItems = total == null ? 0 : total;
        long totalPages = (totalItems + query.size() - 1) / query.size();
        return new ProductPage(items, query.page(), query.size(), totalItems, totalPages,
                query.sort().toString(), now);
    }

    public Product insert(Product p) {
        return jdbc.queryForObject("""
                insert into products (sku, name, description, price, category, stock, updated_at)
                values (:sku, :name, :description, :price, :category, :stock, now())
                returning\s""" + COLUMNS, params(p), PRODUCT);
    }

    public Product update(Product p) {
        return jdbc.queryForObject("""
                update products set name = :name, description = :description, price = :price,
                    category = :category, updated_at = now()
                where sku = :sku
                returning\s""" + COLUMNS, params(p), PRODUCT);
    }

    public List<Category> categories() {
        return jdbc.query("""
                select c.slug, c.name, count(p.sku) as product_count
                from categories c left join products p on p.category = c.slug
                group by c.slug, c.name order by c.name
                """, (rs, i) -> new Category(rs.getString("slug"), rs.getString("name"), rs.getLong("product_count")));
    }

    public boolean categoryExists(String slug) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from categories where slug = :slug)",
                new MapSqlParameterSource("slug", slug), Boolean.class));
    }

    private static MapSqlParameterSource params(Product p) {
        return new MapSqlParameterSource()
                .addValue("sku", p.sku())
                .addValue("name", p.name())
                .addValue("description", p.description())
                .addValue("price", p.price())
                .addValue("category", p.category())
                .addValue("stock", p.stock());
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Product product(ResultSet rs, int row) throws SQLException {
        return new Product(
                rs.getString("sku"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getBigDecimal("price"),
                rs.getString("category"),
                rs.getInt("stock"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
