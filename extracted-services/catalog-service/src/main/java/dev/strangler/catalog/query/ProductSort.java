package dev.strangler.catalog.query;

import java.util.List;
import java.util.Locale;

/** A validated {@code sort} parameter such as {@code price,desc}; ties are always broken by SKU ascending. */
public record ProductSort(String field, boolean descending) {

  /** In the monolith's order, as its error message lists them. */
  public static final List<String> FIELDS = List.of("name", "price", "updatedAt", "sku", "stock");
  public static final ProductSort DEFAULT = new ProductSort("name", false);

  public ProductSort {
    if (!FIELDS.contains(field)) {
      throw new IllegalArgumentException("unknown sort field " + field);
    }
  }

  /** Parses {@code field} or {@code field,asc|desc}; blank means the default (name ascending). */
  public static ProductSort parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT;
    }
    String[] parts = raw.split(",", -1);
    if (parts.length > 2) {
      throw new InvalidParameter("sort", "must look like 'field' or 'field,asc|desc' but was '" + raw + "'");
    }
    String field = parts[0].trim();
    if (!FIELDS.contains(field)) {
      throw new InvalidParameter("sort", "unknown sort field '" + field + "'; use one of " + String.join(", ", FIELDS));
    }
    boolean descending = false;
    if (parts.length == 2) {
      descending = switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
        case "asc" -> false;
        case "desc" -> true;
        default -> throw new InvalidParameter("sort", "direction must be asc or desc but was '" + parts[1].trim() + "'");
      };
    }
    return new ProductSort(field, descending);
  }

  @Override
  public String toString() {
    return field + (descending ? ",desc" : ",asc");
  }
}
