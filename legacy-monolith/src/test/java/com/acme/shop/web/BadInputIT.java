package com.acme.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Hits every endpoint with a user's typical mistakes: each answer is a 4xx RFC 9457 problem that
 * says what was wrong, never a 500 and never a stack trace.
 */
class BadInputIT extends ShopIntegrationBase {

    private static final String JSON = "application/json";
    private static final String VALID_PRODUCT =
            "{\"sku\":\"%s\",\"name\":\"N\",\"price\":%s,\"category\":\"%s\",\"stock\":%s}";

    record Case(String name, boolean loggedIn, String method, String path, String body, String contentType,
            int status, String detail) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> mistakes() {
        return Stream.of(
                // GET /api/products
                anon("negative page", "GET", "/api/products?page=-1", 400, "page"),
                anon("page is not a number", "GET", "/api/products?page=abc", 400, "page: must be an integer"),
                anon("page overflows an int", "GET", "/api/products?page=99999999999", 400, "page"),
                anon("size zero", "GET", "/api/products?size=0", 400, "size"),
                anon("size above the bound", "GET", "/api/products?size=1000", 400, "size: must be between 1 and 100"),
                anon("unknown sort field", "GET", "/api/products?sort=colour", 400, "unknown sort field 'colour'"),
                anon("bad sort direction", "GET", "/api/products?sort=price,sideways", 400, "direction"),
                anon("too many sort parts", "GET", "/api/products?sort=price,asc,again", 400, "sort"),
                anon("minPrice is not a number", "GET", "/api/products?minPrice=cheap", 400, "minPrice: must be a number"),
                anon("negative maxPrice", "GET", "/api/products?maxPrice=-1", 400, "maxPrice"),
                anon("minPrice above maxPrice", "GET", "/api/products?minPrice=50&maxPrice=10", 400, "minPrice"),
                anon("inStock is not a boolean", "GET", "/api/products?inStock=maybe", 400, "inStock"),
                anon("search text too long", "GET", "/api/products?q=" + "x".repeat(101), 400, "q:"),
                anon("products with the wrong method", "DELETE", "/api/products", 405, "DELETE"),
                // GET /api/products/{sku}, /api/categories
                anon("unknown sku", "GET", "/api/products/NOPE-404", 404, "NOPE-404"),
                anon("categories with the wrong method", "POST", "/api/categories", 405, "POST"),
                // POST /api/products
                body("malformed JSON", "POST", "/api/products", "{\"sku\": ", 400, "body: is not valid JSON"),
                body("price of the wrong type", "POST", "/api/products",
                        VALID_PRODUCT.formatted("T-BAD-1", "\"cheap\"", "books", 1), 400, "price: must be a number"),
                body("stock of the wrong type", "POST", "/api/products",
                        VALID_PRODUCT.formatted("T-BAD-2", "1.00", "books", "\"lots\""), 400, "stock: must be an integer"),
                body("missing fields", "POST", "/api/products", "{}", 400, "sku:"),
                body("lower-case sku", "POST", "/api/products",
                        VALID_PRODUCT.formatted("bad sku", "1.00", "books", 1), 400, "sku: must be 3-32"),
                body("negative price", "POST", "/api/products",
                        VALID_PRODUCT.formatted("T-BAD-3", "-1", "books", 1), 400, "price"),
                body("three decimals", "POST", "/api/products",
                        VALID_PRODUCT.formatted("T-BAD-4", "1.001", "books", 1), 400, "price"),
                body("unknown category", "POST", "/api/products",
                        VALID_PRODUCT.formatted("T-BAD-5", "1.00", "nosuch", 1), 400, "category: unknown category"),
                body("duplicate sku", "POST", "/api/products",
                        VALID_PRODUCT.formatted("ACME-00001", "1.00", "books", 1), 409, "ACME-00001"),
                body("a JSON array instead of an object", "POST", "/api/products", "[1,2]", 400, "body"),
                new Case("empty body", false, "POST", "/api/products", "", JSON, 400, "body"),
                new Case("plain text body", false, "POST", "/api/products", "sku=1", "text/plain", 415, "text/plain"),
                // PUT /api/products/{sku}
                body("update of an unknown sku", "PUT", "/api/products/NOPE-404",
                        "{\"name\":\"N\",\"price\":1,\"category\":\"books\"}", 404, "NOPE-404"),
                body("update without a name", "PUT", "/api/products/ACME-00001",
                        "{\"price\":1,\"category\":\"books\"}", 400, "name"),
                body("update with a price of the wrong type", "PUT", "/api/products/ACME-00001",
                        "{\"name\":\"N\",\"price\":[1],\"category\":\"books\"}", 400, "price"),
                // PUT /api/products/{sku}/stock
                body("negative stock", "PUT", "/api/products/ACME-00001/stock", "{\"stock\":-1}", 400, "stock"),
                body("stock of the wrong type", "PUT", "/api/products/ACME-00001/stock",
                        "{\"stock\":\"many\"}", 400, "stock: must be an integer"),
                body("stock of an unknown sku", "PUT", "/api/products/NOPE-404/stock", "{\"stock\":1}", 404, "NOPE-404"),
                anon("stock with the wrong method", "GET", "/api/products/ACME-00001/stock", 405, "GET"),
                // POST /api/customers
                body("invalid email", "POST", "/api/customers",
                        "{\"email\":\"not-an-email\",\"password\":\"password123\",\"name\":\"N\"}", 400, "email"),
                body("short password", "POST", "/api/customers",
                        "{\"email\":\"short@acme.test\",\"password\":\"pw\",\"name\":\"N\"}", 400, "password"),
                body("duplicate email in other case", "POST", "/api/customers",
                        "{\"email\":\"Customer001@ACME.test\",\"password\":\"password123\",\"name\":\"N\"}", 409,
                        "already registered"),
                // POST /api/login, /api/logout, GET /api/me
                body("wrong password", "POST", "/api/login",
                        "{\"email\":\"customer001@acme.test\",\"password\":\"wrong-password\"}", 401, "wrong"),
                body("unknown email", "POST", "/api/login",
                        "{\"email\":\"nobody@acme.test\",\"password\":\"password123\"}", 401, "wrong"),
                body("login without a password", "POST", "/api/login", "{\"email\":\"a@b.c\"}", 400, "password"),
                anon("logout with the wrong method", "GET", "/api/logout", 405, "GET"),
                anon("profile when not logged in", "GET", "/api/me", 401, "log in"),
                // Cart
                anon("cart with the wrong method", "PUT", "/api/cart", 405, "PUT"),
                body("zero quantity", "POST", "/api/cart/items", "{\"sku\":\"ACME-00001\",\"quantity\":0}", 400, "quantity"),
                body("quantity of the wrong type", "POST", "/api/cart/items",
                        "{\"sku\":\"ACME-00001\",\"quantity\":\"two\"}", 400, "quantity: must be an integer"),
                body("quantity above the bound", "POST", "/api/cart/items",
                        "{\"sku\":\"ACME-00001\",\"quantity\":100}", 400, "quantity"),
                body("unknown product into the cart", "POST", "/api/cart/items",
                        "{\"sku\":\"NOPE-404\",\"quantity\":1}", 404, "NOPE-404"),
                anon("removing what is not in the cart", "DELETE", "/api/cart/items/ACME-00001", 404, "not in the cart"),
                // Orders
                anon("checkout when not logged in", "POST", "/api/orders", 401, "log in"),
                anon("history when not logged in", "GET", "/api/orders", 401, "log in"),
                anon("order id is not a number", "GET", "/api/orders/abc", 400, "id: must be an integer"),
                user("checkout of an empty cart", "POST", "/api/orders", 400, "cart: is empty"),
                user("unknown order", "GET", "/api/orders/999999999", 404, "999999999"),
                user("orders with the wrong method", "PUT", "/api/orders", 405, "PUT"),
                // Anything else
                anon("unknown API path", "GET", "/api/nothing-here", 404, "nothing-here"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void answersWithAProblemNamingTheMistake(Case mistake) {
        ShopClient client = newClient();
        if (mistake.loggedIn()) {
            assertThat(client.login("customer004@acme.test", "password123").status()).isEqualTo(200);
        }

        ShopResponse response = client.send(mistake.method(), mistake.path(), mistake.body(), mistake.contentType());

        assertThat(response.status()).as(response.body()).isEqualTo(mistake.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(mistake.status());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(mistake.detail());
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace", "tools.jackson", "org.spring");
    }

    private static Case anon(String name, String method, String path, int status, String detail) {
        return new Case(name, false, method, path, null, null, status, detail);
    }

    private static Case user(String name, String method, String path, int status, String detail) {
        return new Case(name, true, method, path, null, null, status, detail);
    }

    private static Case body(String name, String method, String path, String body, int status, String detail) {
        return new Case(name, false, method, path, body, JSON, status, detail);
    }
}
