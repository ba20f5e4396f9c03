package dev.strangler.orders.contract;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A customer logged in at the real monolith: who, and the session id its {@code SESSION} cookie carries (base64). */
record ShopLogin(long customerId, String sessionId) {

  static ShopLogin of(HttpClient http, String monolith, String email, String password) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(monolith + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email).put("password", password).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("login at the monolith answered " + response.statusCode() + ": " + response.body());
    }
    String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION=")).findFirst().orElseThrow();
    String value = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
    return new ShopLogin(new JsonObject(response.body()).getLong("id"),
        new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
  }

  static ShopLogin customer001(HttpClient http, String monolith) throws Exception {
    return of(http, monolith, "customer001@acme.test", "password123");
  }
}
