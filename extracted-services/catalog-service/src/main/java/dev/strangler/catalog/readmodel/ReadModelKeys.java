package dev.strangler.catalog.readmodel;

import java.util.Objects;

/**
 * Where the read model lives in Redis: every key starts with one prefix (default {@value #DEFAULT_PREFIX}),
 * so several read models, or tests, share a server without touching each other.
 */
public record ReadModelKeys(String prefix) {

  public static final String DEFAULT_PREFIX = "catalog:";

  public ReadModelKeys {
    Objects.requireNonNull(prefix, "prefix == null");
  }

  /** Hash: the product's JSON as served, and what the indexes need to take it out again. */
  public String product(String sku) {
    return prefix + "product:" + sku;
  }

  /** Set of every SKU held. */
  public String products() {
    return prefix + "products";
  }

  /** Sorted set of SKUs in one order; SKU order needs no direction of its own (scores are all 0). */
  public String sort(String field, boolean descending) {
    return field.equals("sku") ? prefix + "sort:sku" : prefix + "sort:" + field + (descending ? ":desc" : ":asc");
  }

  public String category(String slug) {
    return prefix + "category:" + slug;
  }

  /** Hash: category slug to name. */
  public String categories() {
    return prefix + "categories";
  }

  public String inStock(boolean inStock) {
    return prefix + (inStock ? "stock:in" : "stock:out");
  }

  /** Set of the SKUs whose text holds a lexeme. */
  public String term(String lexeme) {
    return prefix + "term:" + lexeme;
  }

  /** Set of the SKUs whose lower-cased name or SKU holds a 1 to 3 character piece. */
  public String gram(String gram) {
    return prefix + "gram:" + gram;
  }

  /** Hash: how far the backfill got, and when it completed. */
  public String backfill() {
    return prefix + "backfill";
  }

  /** A scratch key for one query's intermediate set; expires on its own if never deleted. */
  public String temp(String id) {
    return prefix + "tmp:" + id;
  }
}
