package com.acme.shop.catalog;

import com.acme.shop.web.errors.BadRequestException;
import java.util.Locale;
import java.util.Map;

/**
 * A validated {@code sort} parameter such as {@code price,desc}. Only whitelisted fields reach
 * SQL, mapped to their column, so the parameter can never inject anything.
 */
public record ProductSort(String field, boolean descending) {

    public static final ProductSort DEFAULT = new ProductSort("name", false);

    private static final Map<String, String> COLUMNS = Map.of(
            "name", "name",
            "price", "price",
            "updatedAt", "updated_at",
            "sku", "sku",
            "stock", "stock");

    private static final String ALLOWED = "name, price, updatedAt, sku, stock";

    /** Parses {@code field} or {@code field,asc|desc}; blank means the default (name ascending). */
    public static ProductSort parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > 2) {
            throw new BadRequestException("sort", "must look like 'field' or 'field,asc|desc' but was '" + raw + "'");
        }
        String field = parts[0].trim();
        if (!COLUMNS.containsKey(field)) {
            throw new BadRequestException("sort", "unknown sort field '" + field + "'; use one of " + ALLOWED);
        }
        boolean descending = false;
        if (parts.length == 2) {
            String direction = parts[1].trim().toLowerCase(Locale.ROOT);
            switch (direction) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> throw new BadRequestException(
                        "sort", "direction must be asc or desc but was '" + parts[1].trim() + "'");
            }
        }
        return new ProductSort(field, descending);
    }

    /** The ORDER BY clause, with the SKU as tie-breaker so paging is stable. */
    String orderBy() {
        String column = COLUMNS.get(field);
        String direction = descending ? " desc" : " asc";
        return column.equals("sku") ? "sku" + direction : column + direction + ", sku asc";
    }

    @Override
    public String toString() {
        return field + (descending ? ",desc" : ",asc");
    }
}
