package com.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One shopper from browsing to logging out, the way the strangler will have to keep working. */
class CustomerJourneyIT extends ShopIntegrationBase {

    @Test
    void aShopperBrowsesRegistersLogsInBuysAndSeesTheOrderInTheirHistory() {
        ShopClient shopper = newClient();

        ShopResponse listing = shopper.get("/api/products?size=5&sort=price,asc");
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.json().get("items")).hasSize(5);

        ShopResponse search = shopper.get("/api/products?q=headphones&inStock=true");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().get("totalItems").asLong()).isPositive();
        String sku = search.json().get("items").get(0).get("sku").asString();

        String email = TestData.registeredCustomer(shopper);
        assertThat(shopper.get("/api/me").status()).isEqualTo(401);

        // Anonymous cart first: it must survive the login.
        ShopResponse added = shopper.post("/api/cart/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}");
        assertThat(added.status()).isEqualTo(200);
        String anonymousSession = shopper.sessionCookie().orElseThrow();

        ShopResponse login = shopper.login(email, "password123");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("email").asString()).isEqualTo(email);
        assertThat(shopper.sessionCookie()).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(anonymousSession));

        ShopResponse me = shopper.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo(email);

        String otherSku = TestData.product(shopper, "12.50", 10);
        shopper.post("/api/cart/items", "{\"sku\":\"" + otherSku + "\",\"quantity\":2}");
        JsonNode cart = shopper.get("/api/cart").json();
        assertThat(cart.get("itemCount").asInt()).isEqualTo(3);
        assertThat(cart.get("lines")).hasSize(2);

        ShopResponse checkout = shopper.post("/api/orders", "");
        assertThat(checkout.status()).isEqualTo(201);
        long orderId = checkout.json().get("id").asLong();
        assertThat(checkout.header("Location")).isEqualTo("/api/orders/" + orderId);
        assertThat(checkout.json().get("lines")).hasSize(2);
        assertThat(shopper.get("/api/cart").json().get("lines")).isEmpty();

        JsonNode history = shopper.get("/api/orders").json();
        assertThat(history.get("items")).hasSize(1);
        assertThat(history.get("items").get(0).get("id").asLong()).isEqualTo(orderId);
        assertThat(history.get("items").get(0).get("itemCount").asInt()).isEqualTo(3);
        assertThat(history.has("generatedAt")).isTrue();

        ShopResponse order = shopper.get("/api/orders/" + orderId);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().get("total").decimalValue())
                .isEqualByComparingTo(cart.get("total").decimalValue());

        assertThat(shopper.post("/api/logout", "").status()).isEqualTo(204);
        assertThat(shopper.get("/api/me").status()).isEqualTo(401);
        assertThat(shopper.get("/api/orders").status()).isEqualTo(401);
    }

    @Test
    void anotherCustomerCannotSeeSomeoneElsesOrder() {
        ShopClient buyer = newClient();
        buyer.login(TestData.registeredCustomer(buyer), "password123");
        buyer.post("/api/cart/items", "{\"sku\":\"" + TestData.product(buyer, "3.00", 5) + "\",\"quantity\":1}");
        long orderId = buyer.post("/api/orders", "").json().get("id").asLong();

        ShopClient stranger = newClient();
        stranger.login(TestData.registeredCustomer(stranger), "password123");

        ShopResponse peek = stranger.get("/api/orders/" + orderId);
        assertThat(peek.status()).isEqualTo(404);
    }

    @Test
    void aSeededCustomerLogsInWithTheDocumentedPassword() {
        ShopClient client = newClient();

        ShopResponse login = client.login("customer001@acme.test", "password123");

        assertThat(login.status()).isEqualTo(200);
        assertThat(client.get("/api/orders").status()).isEqualTo(200);
    }

    @Test
    void theHtmlPagesRenderForAnonymousVisitors() {
        ShopClient browser = newClient();

        assertThat(browser.page("/").body()).contains("Acme Shop", "Categories");
        assertThat(browser.page("/products/ACME-00001").body()).contains("ACME-00001");
        assertThat(browser.page("/products/NOPE-1").status()).isEqualTo(404);
        assertThat(browser.page("/login").body()).contains("password123");
        assertThat(browser.page("/cart").body()).contains("Your cart");
    }
}
