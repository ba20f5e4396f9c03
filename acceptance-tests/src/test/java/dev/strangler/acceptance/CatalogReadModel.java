package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;

/** catalog-service's read model in the seam's Redis, broken on purpose: a candidate wrong in one field for some products. */
final class CatalogReadModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogReadModel() {}

  /**
   * Raises by 1 the price catalog-service serves for {@code share} of the products, drawn with {@code seed} (its read
   * model only: the indexes are untouched, so lists hold and order the same products); the broken SKUs.
   */
  static Set<String> breakPrices(Seam seam, double share, long seed) {
    Set<String> broken = new HashSet<>();
    Random random = new Random(seed);
    String keys = seam.redis.prefix() + "catalog:";
    try (Jedis jedis = seam.redis.endpoint().connect()) {
      List<String> skus = new ArrayList<>(new TreeSet<>(jedis.smembers(keys + "products")));
      assertThat(skus).hasSize(1000);
      while (broken.size() < Math.round(skus.size() * share)) {
        String sku = skus.get(random.nextInt(skus.size()));
        if (broken.add(sku)) { // once each: a product drawn again stays 1 off, not 2
          String key = keys + "product:" + sku;
          ObjectNode product = (ObjectNode) JSON.readTree(jedis.hget(key, "json"));
          product.put("price", new BigDecimal(product.get("price").asText()).add(BigDecimal.ONE));
          jedis.hset(key, "json", product.toString());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return broken;
  }

  /** Whether a catalog answer's body holds one of the products (a detail, or an item of a list); false for non-JSON. */
  static boolean showsAny(String body, Set<String> skus) {
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree == null) {
        return false;
      }
      if (tree.has("sku") && skus.contains(tree.get("sku").asText())) {
        return true;
      }
      for (JsonNode item : tree.path("items")) {
        if (skus.contains(item.path("sku").asText())) {
          return true;
        }
      }
      return false;
    } catch (IOException notJson) {
      return false;
    }
  }
}
