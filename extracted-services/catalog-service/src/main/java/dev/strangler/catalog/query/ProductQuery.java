package dev.strangler.catalog.query;

import java.math.BigDecimal;

/**
 * A validated product search: filters, text, sort and one page. Same defaults, bounds, checks, order
 * of checks and messages as the monolith's, so both answer bad input alike.
 */
public record ProductQuery(int page, int size, ProductSort sort, String category, BigDecimal minPrice,
    BigDecimal maxPrice, Boolean inStock, String text) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;
  public static final int MAX_PAGE = 10_000;
  public static final int MAX_TEXT_LENGTH = 100;

  public ProductQuery {
    if (page < 0 || page > MAX_PAGE) {
      throw new InvalidParameter("page", "must be between 0 and " + MAX_PAGE + " but was " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidParameter("size", "must be between 1 and " + MAX_SIZE + " but was " + size);
    }
    if (minPrice != null && minPrice.signum() < 0) {
      throw new InvalidParameter("minPrice", "must not be negative");
    }
    if (maxPrice != null && maxPrice.signum() < 0) {
      throw new InvalidParameter("maxPrice", "must not be negative");
    }
    if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
      throw new InvalidParameter("minPrice", "must not be greater than maxPrice");
    }
    // Checked before trimming, as the monolith does.
    if (text != null && text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidParameter("q", "must be at most " + MAX_TEXT_LENGTH + " characters");
    }
    category = blankToNull(category);
    text = blankToNull(text);
    sort = sort == null ? ProductSort.DEFAULT : sort;
  }

  /** Builds a query from raw parameters, applying the defaults; the sort is parsed before the rest is checked. */
  public static ProductQuery of(Integer page, Integer size, String sort, String category, BigDecimal minPrice,
      BigDecimal maxPrice, Boolean inStock, String q) {
    return new ProductQuery(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size, ProductSort.parse(sort),
        category, minPrice, maxPrice, inStock, q);
  }

  public long offset() {
    return (long) page * size;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
