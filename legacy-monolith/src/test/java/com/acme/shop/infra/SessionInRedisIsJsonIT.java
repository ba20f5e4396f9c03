package com.acme.shop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import com.acme.shop.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The session hash in Redis is plain JSON that any language can read: this test reads it the way
 * the strangler proxy or a new service would, with a plain Redis client and a JSON parser.
 */
class SessionInRedisIsJsonIT extends ShopIntegrationBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everySessionValueIsPlainJsonWithTheCustomerAndCart() {
        ShopClient client = newClient();
        String sku = TestData.product(client, "4.20", 9);
        String email = TestData.registeredCustomer(client);
        long customerId = client.login(email, "password123").json().get("id").asLong();
        client.post("/api/cart/items", "{\"sku\":\"" + sku + "\",\"quantity\":2}");

        Map<String, String> hash = sessionHash(client);

        assertThat(hash).containsKeys("creationTime", "lastAccessedTime", "maxInactiveInterval",
                "sessionAttr:customerId", "sessionAttr:customerEmail", "sessionAttr:cart");
        hash.values().forEach(value -> assertThat(value).doesNotContain("@class", "java."));
        assertThat(json(hash, "creationTime").isIntegralNumber()).isTrue();
        assertThat(json(hash, "maxInactiveInterval").asInt()).isEqualTo(1800);
        assertThat(json(hash, "sessionAttr:customerId").asLong()).isEqualTo(customerId);
        assertThat(json(hash, "sessionAttr:customerEmail").asString()).isEqualTo(email);
        JsonNode cart = json(hash, "sessionAttr:cart");
        assertThat(cart.isObject()).isTrue();
        assertThat(cart.get(sku).asInt()).isEqualTo(2);
    }

    @Test
    void theSessionStillWorksAfterBeingReadBackFromJson() {
        ShopClient client = newClient();
        String email = TestData.registeredCustomer(client);
        client.login(email, "password123");

        // Every request reloads the session from Redis, so this proves the round trip.
        ShopResponse me = client.get("/api/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo(email);
    }

    @Test
    void loginRotatesTheSessionIdAndLeavesNoKeyBehindForTheOldOne() {
        ShopClient client = newClient();
        String sku = TestData.product(client, "1.00", 5);
        client.post("/api/cart/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}");
        String before = sessionId(client);

        client.login(TestData.registeredCustomer(client), "password123");

        String after = sessionId(client);
        assertThat(after).isNotEqualTo(before);
        try (Jedis redis = REDIS.endpoint().connect()) {
            assertThat(redis.exists(sessionKey(before))).isFalse();
            assertThat(redis.exists(sessionKey(after))).isTrue();
        }
    }

    @Test
    void logoutDeletesTheSessionFromRedis() {
        ShopClient client = newClient();
        client.login(TestData.registeredCustomer(client), "password123");
        String id = sessionId(client);

        client.post("/api/logout", "");

        try (Jedis redis = REDIS.endpoint().connect()) {
            assertThat(redis.exists(sessionKey(id))).isFalse();
        }
    }

    @Test
    void overPlainHttpTheSessionCookieIsHttpOnlyAndSameSiteLaxButNotSecure() {
        ShopClient client = newClient();

        ShopResponse login = client.login("customer002@acme.test", "password123");

        assertThat(sessionCookie(login)).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void behindAProxyThatTerminatesTlsTheSessionCookieIsSecure() {
        // What the strangler proxy sends from loopback when its listener has TLS; Tomcat trusts it from there
        // (server.forward-headers-strategy=native), so the request counts as secure and so does the cookie.
        ShopClient client = newClient().withHeader("X-Forwarded-Proto", "https");

        ShopResponse login = client.login("customer006@acme.test", "password123");

        assertThat(sessionCookie(login)).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void everyKeyTheShopWritesLiesUnderTheTestNamespace() {
        ShopClient client = newClient();
        client.login("customer003@acme.test", "password123");

        assertThat(REDIS.keys()).contains(sessionKey(sessionId(client)));
        try (Jedis redis = REDIS.endpoint().connect()) {
            assertThat(redis.exists("spring:session:sessions:" + sessionId(client))).isFalse();
        }
    }

    private static String sessionCookie(ShopResponse response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION=")).findFirst().orElseThrow();
    }

    private static Map<String, String> sessionHash(ShopClient client) {
        try (Jedis redis = REDIS.endpoint().connect()) {
            return redis.hgetAll(sessionKey(sessionId(client)));
        }
    }

    private static String sessionKey(String id) {
        return REDIS.key("sessions:" + id);
    }

    /** Spring Session base64-encodes the id in the cookie. */
    private static String sessionId(ShopClient client) {
        String cookie = client.sessionCookie().orElseThrow();
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    }

    private static JsonNode json(Map<String, String> hash, String field) {
        return JSON.readTree(hash.get(field));
    }
}
