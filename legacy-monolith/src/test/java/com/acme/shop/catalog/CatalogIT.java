package com.acme.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import com.acme.shop.TestData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Paging, sorting, filtering and searching the seeded catalog over real HTTP. */
class CatalogIT extends ShopIntegrationBase {

    private ShopClient client;

    @BeforeEach
    void client() {
        client = newClient();
    }

    @Test
    void listsTheFirstPageWithDefaultsAndPagingMetadata() {
        JsonNode page = ok("/api/products");

        assertThat(page.get("items")).hasSize(ProductQuery.DEFAULT_SIZE);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(1_000);
        assertThat(page.get("totalPages").asLong()).isEqualTo((page.get("totalItems").asLong() + 19) / 20);
        assertThat(page.get("sort").asString()).isEqualTo("name,asc");
        assertThat(page.get("generatedAt").asString()).isNotBlank();
    }

    @Test
    void consecutivePagesDoNotOverlap() {
        List<String> first = skus(ok("/api/products?size=7&page=0&sort=sku"));
        List<String> second = skus(ok("/api/products?size=7&page=1&sort=sku"));

        assertThat(first).hasSize(7).doesNotContainAnyElementsOf(second);
        assertThat(second).hasSize(7);
        assertThat(first.get(6)).isLessThan(second.get(0));
    }

    @Test
    void aPageBeyondTheEndIsEmptyNotAnError() {
        JsonNode page = ok("/api/products?page=9999&size=100");

        assertThat(page.get("items")).isEmpty();
    }

    @Test
    void sortsByPriceDescending() {
        List<BigDecimal> prices = prices(ok("/api/products?sort=price,desc&size=50"));

        assertThat(prices).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void sortsByNameAndByUpdatedAt() {
        List<String> names = new ArrayList<>();
        ok("/api/products?sort=name&size=50").get("items").forEach(p -> names.add(p.get("name").asString()));
        List<String> updated = new ArrayList<>();
        ok("/api/products?sort=updatedAt,desc&size=50").get("items")
                .forEach(p -> updated.add(p.get("updatedAt").asString()));

        // Only the first letter is compared: collations disagree on hyphens and spaces, not on A-Z.
        assertThat(names.stream().map(n -> n.substring(0, 1)).toList()).isSorted();
        assertThat(updated).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void filtersByCategoryAndPriceRange() {
        JsonNode page = ok("/api/products?category=kitchen&minPrice=10&maxPrice=50&size=100");

        assertThat(page.get("items")).isNotEmpty();
        page.get("items").forEach(p -> {
            assertThat(p.get("category").asString()).isEqualTo("kitchen");
            assertThat(p.get("price").decimalValue()).isBetween(new BigDecimal("10"), new BigDecimal("50"));
        });
    }

    @Test
    void filtersByAvailability() {
        JsonNode inStock = ok("/api/products?inStock=true&size=100");
        JsonNode soldOut = ok("/api/products?inStock=false&size=100");

        inStock.get("items").forEach(p -> assertThat(p.get("stock").asInt()).isPositive());
        soldOut.get("items").forEach(p -> assertThat(p.get("stock").asInt()).isZero());
        assertThat(soldOut.get("totalItems").asLong()).isPositive();
        assertThat(inStock.get("totalItems").asLong() + soldOut.get("totalItems").asLong())
                .isEqualTo(ok("/api/products").get("totalItems").asLong());
    }

    @Test
    void searchesNamesAndDescriptionsByWordsAndSkusByFragment() {
        JsonNode words = ok("/api/products?q=wireless%20speaker&size=100");
        JsonNode fragment = ok("/api/products?q=acme-0000&sort=sku");

        assertThat(words.get("items")).isNotEmpty();
        words.get("items").forEach(p -> assertThat(
                (p.get("name").asString() + " " + p.get("description").asString()).toLowerCase())
                .contains("wireless").contains("speaker"));
        assertThat(skus(fragment)).containsExactly(
                "ACME-00001", "ACME-00002", "ACME-00003", "ACME-00004", "ACME-00005",
                "ACME-00006", "ACME-00007", "ACME-00008", "ACME-00009");
    }

    @Test
    void searchTreatsLikeWildcardsAsPlainCharacters() {
        assertThat(ok("/api/products?q=%25%25").get("items")).isEmpty();
    }

    @Test
    void getsOneProductBySku() {
        JsonNode product = ok("/api/products/ACME-00042");

        assertThat(product.get("sku").asString()).isEqualTo("ACME-00042");
        assertThat(product.get("price").decimalValue().scale()).isEqualTo(2);
    }

    @Test
    void listsTwentyCategoriesWithProductCounts() {
        ShopResponse response = client.get("/api/categories");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).hasSize(20);
        long total = 0;
        for (JsonNode category : response.json()) {
            total += category.get("productCount").asLong();
        }
        assertThat(total).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void changesPriceAndStockThroughTheAdminEndpoints() {
        String sku = TestData.product(client, "10.00", 3);

        ShopResponse updated = client.put("/api/products/" + sku,
                "{\"name\":\"Renamed\",\"description\":\"new\",\"price\":11.5,\"category\":\"books\"}");
        ShopResponse stocked = client.put("/api/products/" + sku + "/stock", "{\"stock\":40}");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("price").decimalValue()).isEqualByComparingTo("11.50");
        assertThat(stocked.json().get("stock").asInt()).isEqualTo(40);
        JsonNode product = ok("/api/products/" + sku);
        assertThat(product.get("name").asString()).isEqualTo("Renamed");
        assertThat(product.get("stock").asInt()).isEqualTo(40);
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() {
        String first = client.get("/api/categories").header("X-Request-Id");
        String second = client.get("/api/categories").header("X-Request-Id");

        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    private JsonNode ok(String path) {
        ShopResponse response = client.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> skus(JsonNode page) {
        List<String> skus = new ArrayList<>();
        page.get("items").forEach(p -> skus.add(p.get("sku").asString()));
        return skus;
    }

    private static List<BigDecimal> prices(JsonNode page) {
        List<BigDecimal> prices = new ArrayList<>();
        page.get("items").forEach(p -> prices.add(p.get("price").decimalValue()));
        return prices;
    }
}
