package dev.strangler.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Varied requests to Acme Shop's catalog API, as shoppers and clumsy clients send them: lists with
 * every filter, sort and paging, searches (words, plurals, phrases, negation, fragments, SKUs),
 * product details (existing and not), categories, and bad input. Drawn from a seeded random source,
 * so a failure can be reproduced.
 */
final class CatalogRequests {

  static final List<String> CATEGORIES = List.of("audio", "automotive", "baby", "beauty", "books", "cameras", "clothing",
      "computers", "garden", "grocery", "health", "home", "kitchen", "office", "outdoors", "pets", "shoes", "sports",
      "tools", "toys", "no-such-category");
  static final List<String> SEARCHES = List.of("headphones", "speaker", "speakers", "wireless", "kettle", "lamps",
      "bamboo", "stainless steel", "\"stainless steel\"", "\"steel stainless\"", "recycled", "heavy-duty", "heavy",
      "t-shirt", "shirt", "portable -speaker", "lamp or kettle", "built to last", "the", "ACME-0001", "acme-00999",
      "cam", "Dash Cam", "ultra", "warranty", "customers", "zzzz", "-lamp", "organic cotton", "Eco", "50%", "a_b",
      "ocean blue", "running", "massage gun", "\"");
  static final List<String> SORTS = List.of("name", "price", "updatedAt", "sku", "stock");
  static final List<String> BAD = List.of("page=-1", "page=10001", "size=0", "size=101", "sort=bogus", "sort=price,up",
      "sort=price,desc,extra", "minPrice=-1", "maxPrice=-0.01", "minPrice=10&maxPrice=5", "q=" + "x".repeat(101),
      "page=abc", "size=1.5", "minPrice=abc", "inStock=maybe");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Random random;

  CatalogRequests(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} request paths with their query strings. */
  List<String> next(int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(100);
      if (kind < 40) {
        out.add(list());
      } else if (kind < 60) {
        out.add("/api/products?q=" + encode(pick(SEARCHES)) + (random.nextBoolean() ? "&size=" + (1 + random.nextInt(50)) : ""));
      } else if (kind < 82) {
        out.add("/api/products/" + sku());
      } else if (kind < 88) {
        out.add("/api/categories");
      } else {
        out.add("/api/products?" + pick(BAD));
      }
    }
    return out;
  }

  private String list() {
    List<String> params = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      params.add("page=" + (random.nextInt(10) == 0 ? 60 : random.nextInt(6)));
    }
    if (random.nextBoolean()) {
      params.add("size=" + (1 + random.nextInt(100)));
    }
    if (random.nextBoolean()) {
      String sort = pick(SORTS);
      params.add("sort=" + sort + switch (random.nextInt(3)) {
        case 0 -> "";
        case 1 -> ",asc";
        default -> ",desc";
      });
    }
    if (random.nextInt(3) == 0) {
      params.add("category=" + pick(CATEGORIES));
    }
    if (random.nextInt(4) == 0) {
      params.add("minPrice=" + random.nextInt(300) + (random.nextBoolean() ? ".50" : ""));
    }
    if (random.nextInt(4) == 0) {
      params.add("maxPrice=" + (300 + random.nextInt(700)));
    }
    if (random.nextInt(4) == 0) {
      params.add("inStock=" + random.nextBoolean());
    }
    if (random.nextInt(4) == 0) {
      params.add("q=" + encode(pick(SEARCHES)));
    }
    return "/api/products" + (params.isEmpty() ? "" : "?" + String.join("&", params));
  }

  private String sku() {
    return switch (random.nextInt(10)) {
      case 0 -> "ACME-99999";
      case 1 -> "acme-" + String.format("%05d", 1 + random.nextInt(1000));
      default -> "ACME-" + String.format("%05d", 1 + random.nextInt(1000));
    };
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** An answer's body as JSON without the fields declared noise ({@code generatedAt}); other bodies as they are. */
  static Object withoutNoise(String body) {
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree instanceof ObjectNode object) {
        object.remove("generatedAt");
      }
      return tree;
    } catch (IOException notJson) {
      return body;
    }
  }
}
