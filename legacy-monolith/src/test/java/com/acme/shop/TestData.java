package com.acme.shop;

import java.util.Locale;
import java.util.UUID;

/** Fresh identities for data a test creates, so tests never collide on the shared database. */
public final class TestData {

    private TestData() {}

    public static String sku() {
        return "T-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(Locale.ROOT);
    }

    public static String email() {
        return "it-" + UUID.randomUUID() + "@acme.test";
    }

    /** Registers a new customer through the API and returns their email; the password is "password123". */
    public static String registeredCustomer(ShopClient client) {
        String email = email();
        ShopResponse response = client.post("/api/customers",
                "{\"email\":\"" + email + "\",\"password\":\"password123\",\"name\":\"Test Customer\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("registration failed: " + response);
        }
        return email;
    }

    /** Creates a product in the "books" category through the API. */
    public static String product(ShopClient client, String price, int stock) {
        String sku = sku();
        ShopResponse response = client.post("/api/products", """
                {"sku":"%s","name":"Test Book %s","description":"made by a test","price":%s,
                 "category":"books","stock":%d}""".formatted(sku, sku, price, stock));
        if (response.status() != 201) {
            throw new IllegalStateException("product creation failed: " + response);
        }
        return sku;
    }
}
