package com.acme.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import org.junit.jupiter.api.Test;

/** The HTML side shares the session with the JSON API, as in any monolith of this age. */
class PagesIT extends ShopIntegrationBase {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void theHomePageSearchesAndFiltersByCategory() {
        ShopClient browser = newClient();

        ShopResponse search = browser.page("/?q=kettle");
        ShopResponse category = browser.page("/?category=garden");

        assertThat(search.status()).isEqualTo(200);
        assertThat(search.contentType()).startsWith("text/html");
        assertThat(search.body()).contains("Kettle");
        assertThat(category.body()).contains("/products/ACME-");
    }

    @Test
    void theLoginFormLogsInAndTheHeaderShowsTheCustomer() {
        ShopClient browser = newClient();

        ShopResponse login = browser.send("POST", "/login", "email=customer005%40acme.test&password=password123", FORM);

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).endsWith("/");
        assertThat(browser.page("/").body()).contains("customer005@acme.test");
        assertThat(browser.get("/api/me").json().get("email").asString()).isEqualTo("customer005@acme.test");
    }

    @Test
    void aWrongPasswordOnTheFormRendersTheFormAgainWith401() {
        ShopClient browser = newClient();

        ShopResponse login = browser.send("POST", "/login", "email=customer005%40acme.test&password=nope", FORM);

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body()).contains("email or password is wrong").doesNotContain("Exception");
    }

    @Test
    void addingToTheCartFromTheProductPageShowsUpInTheJsonCart() {
        ShopClient browser = newClient();

        ShopResponse add = browser.send("POST", "/cart", "sku=ACME-00002&quantity=2", FORM);

        assertThat(add.status()).isEqualTo(302);
        assertThat(browser.page("/cart").body()).contains("ACME-00002");
        assertThat(browser.get("/api/cart").json().get("itemCount").asInt()).isEqualTo(2);
    }
}
