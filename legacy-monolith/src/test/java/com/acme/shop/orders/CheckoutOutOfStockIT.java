package com.acme.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import com.acme.shop.TestData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Checkout takes all lines or none, and says which lines are short. */
class CheckoutOutOfStockIT extends ShopIntegrationBase {

    @Test
    void askingForMoreThanIsOnHandIsAConflictListingTheShortLine() {
        ShopClient client = newClient();
        String sku = TestData.product(client, "9.99", 1);
        client.login(TestData.registeredCustomer(client), "password123");
        client.post("/api/cart/items", "{\"sku\":\"" + sku + "\",\"quantity\":2}");

        ShopResponse checkout = client.post("/api/orders", "");

        assertThat(checkout.status()).isEqualTo(409);
        assertThat(checkout.contentType()).startsWith("application/problem+json");
        JsonNode shortage = checkout.json().get("shortages").get(0);
        assertThat(shortage.get("sku").asString()).isEqualTo(sku);
        assertThat(shortage.get("requested").asInt()).isEqualTo(2);
        assertThat(shortage.get("available").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedCheckoutKeepsTheCartAndTakesNoStockFromTheOtherLines() {
        ShopClient client = newClient();
        String plenty = TestData.product(client, "1.00", 10);
        String soldOut = TestData.product(client, "1.00", 0);
        client.login(TestData.registeredCustomer(client), "password123");
        client.post("/api/cart/items", "{\"sku\":\"" + plenty + "\",\"quantity\":3}");
        client.post("/api/cart/items", "{\"sku\":\"" + soldOut + "\",\"quantity\":1}");

        assertThat(client.post("/api/orders", "").status()).isEqualTo(409);

        assertThat(client.get("/api/products/" + plenty).json().get("stock").asInt()).isEqualTo(10);
        assertThat(client.get("/api/cart").json().get("itemCount").asInt()).isEqualTo(4);
        assertThat(client.get("/api/orders").json().get("items")).isEmpty();
    }

    @Test
    void theLastItemGoesToTheFirstBuyerOnly() {
        ShopClient first = newClient();
        ShopClient second = newClient();
        String sku = TestData.product(first, "5.00", 1);
        for (ShopClient buyer : new ShopClient[] {first, second}) {
            buyer.login(TestData.registeredCustomer(buyer), "password123");
            buyer.post("/api/cart/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}");
        }

        assertThat(first.post("/api/orders", "").status()).isEqualTo(201);
        assertThat(second.post("/api/orders", "").status()).isEqualTo(409);
        assertThat(first.get("/api/products/" + sku).json().get("stock").asInt()).isZero();
    }
}
