package dev.strangler.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One simulated customer of Acme Shop, talking to whatever URL it is given (the proxy): registers, logs in (keeping the
 * session cookie it gets), fills its cart and checks out with an {@code Idempotency-Key} of its own, which a retry sends
 * again. Every request carries an {@code X-Request-Id} of the shopper's, so events can be traced back to it.
 */
final class Shopper {

  static final String PASSWORD = "correct-horse-battery";
  static final ObjectMapper JSON = new ObjectMapper();

  final String email;
  final String idempotencyKey = UUID.randomUUID().toString();
  private final Http http;
  private String cookie;
  long customerId;

  Shopper(Http http, String email) {
    this.http = http;
    this.email = email;
  }

  /** Registers (201) and logs in (200); fails loudly otherwise. */
  Shopper signUp(String baseUrl) {
    String account = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Shopper " + email + "\"}";
    Http.Reply registered = http.send("POST", baseUrl + "/api/customers", headers(), account);
    require(registered, 201, "register");
    Http.Reply login = http.send("POST", baseUrl + "/api/login", headers(),
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    require(login, 200, "login");
    cookie = login.header("set-cookie").split(";", 2)[0];
    customerId = json(login).path("id").asLong();
    return this;
  }

  Http.Reply addToCart(String baseUrl, String sku, int quantity) {
    return http.send("POST", baseUrl + "/api/cart/items", headers(),
        "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}");
  }

  /** POST /api/orders with this shopper's idempotency key (the same on every call: a retry). */
  Http.Reply checkout(String baseUrl) {
    Map<String, String> headers = headers();
    headers.put("Idempotency-Key", idempotencyKey);
    return http.send("POST", baseUrl + "/api/orders", headers, null);
  }

  Http.Reply get(String baseUrl, String path) {
    return http.get(baseUrl + path, headers());
  }

  static JsonNode json(Http.Reply reply) {
    try {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + reply.body(), e);
    }
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Request-Id", UUID.randomUUID().toString().replace("-", ""));
    if (cookie != null) {
      headers.put("Cookie", cookie);
    }
    return headers;
  }

  private void require(Http.Reply reply, int status, String what) {
    if (reply.status() != status) {
      throw new IllegalStateException(what + " of " + email + " answered " + reply.status() + ": " + reply.body());
    }
  }
}
