package dev.strangler.orders.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.orders.OrdersHarness;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.testsupport.AcmeShopProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract: the real monolith (seeded, on PostgreSQL and Redis) and orders-service, sharing the monolith's sessions
 * and fed the monolith's events, answer cart and order requests with the same status, Content-Type and JSON (members in
 * the same order, numbers written the same), {@code generatedAt} aside. Cart writes go to one side on one session and
 * to the other on a twin session; both sessions must then hold the same cart, as the monolith reads it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersContractIT {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private BothSides sides;
  private AcmeShopProcess monolith;
  private OrdersHarness orders;
  private long customerId;

  @BeforeAll
  void startBothSides() throws Exception {
    sides = new BothSides("orders_contract", Map.of());
    monolith = sides.monolith;
    orders = sides.startOrders(Map.of());
  }

  @AfterAll
  void stopBothSides() {
    if (sides != null) {
      sides.close();
    }
  }

  @Test
  void cartAndOrdersAnswerTheSameOnBothSides() throws Exception {
    String legacySession = login();
    String serviceSession = login();
    List<String> differences = new ArrayList<>();
    compare(differences, "GET /api/cart (empty)", legacy(legacySession, "GET", "/api/cart", null), service(serviceSession, "GET", "/api/cart", null));

    List<String> writes = List.of(
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":2}",
        "POST /api/cart/items {\"sku\":\"ACME-00042\",\"quantity\":1}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":3}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":95}",
        "POST /api/cart/items {\"sku\":\"NOPE\",\"quantity\":1}",
        "POST /api/cart/items {\"sku\":\"ACME-00500\",\"quantity\":\"2\"}",
        "POST /api/cart/items {\"sku\":\"ACME-00007\",\"quantity\":1.5}",
        "POST /api/cart/items {\"quantity\":1}",
        "POST /api/cart/items {\"sku\":\" \",\"quantity\":0}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":100}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\"}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":\"abc\"}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":true}",
        "POST /api/cart/items {\"sku\":\"ACME-00001\",\"quantity\":-1,\"extra\":1}",
        "POST /api/cart/items [1,2]",
        "POST /api/cart/items {\"sku\":",
        "POST /api/cart/items ",
        "DELETE /api/cart/items/ACME-00042 ",
        "DELETE /api/cart/items/ACME-00042 ",
        "DELETE /api/cart/items/NOPE ");
    for (String write : writes) {
      String[] parts = write.split(" ", 3);
      String body = parts[2].isEmpty() ? null : parts[2];
      compare(differences, write, legacy(legacySession, parts[0], parts[1], body), service(serviceSession, parts[0], parts[1], body));
      compare(differences, "cart after " + write, legacy(legacySession, "GET", "/api/cart", null),
          legacy(serviceSession, "GET", "/api/cart", null));
    }

    for (String typeAndBody : List.of("text/plain {}", "application/xml {}", "application/json;charset=UTF-8 {}", "application/problem+json {}",
        " {}", "text/plain ", "application/json ")) {
      String type = typeAndBody.substring(0, typeAndBody.indexOf(' '));
      String body = typeAndBody.endsWith("{}") ? "{\"sku\":\"ACME-00009\",\"quantity\":1}" : "";
      String what = "POST /api/cart/items as '" + type + "'" + (body.isEmpty() ? " without a body" : "");
      compare(differences, what, send(typed(URI.create(monolith.url()), type, body).header("Cookie", OrdersHarness.cookie(legacySession))),
          send(typed(URI.create(orders.base()), type, body).header("Cookie", OrdersHarness.cookie(serviceSession))
              .header(IdentityVerifier.HEADER, orders.identity(customerId, serviceSession))));
      compare(differences, "cart after " + what, legacy(legacySession, "GET", "/api/cart", null), legacy(serviceSession, "GET", "/api/cart", null));
    }
    for (String path : List.of("/api/orders", "/api/orders/1", "/api/orders/999999", "/api/orders/abc")) {
      compare(differences, "anonymous GET " + path, anonymous(URI.create(monolith.url()), path), anonymous(URI.create(orders.base()), path));
    }
    Reply placedLegacy = legacy(legacySession, "POST", "/api/orders", null);
    sides.relay();
    long legacyId = JSON.readTree(placedLegacy.body()).get("id").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> orders.count("orders_service.orders where id = " + legacyId) == 1);
    for (String path : List.of("/api/orders", "/api/orders/" + legacyId, "/api/orders/999999", "/api/orders/abc", "/api/orders/-1")) {
      compare(differences, "GET " + path, legacy(legacySession, "GET", path, null), service(serviceSession, "GET", path, null));
    }
    compare(differences, "POST /api/orders (empty cart)", legacy(legacySession, "POST", "/api/orders", null),
        service(legacySession, "POST", "/api/orders", null));

    for (String sku : List.of("ACME-00001", "ACME-00500", "ACME-00007", "ACME-00009")) {
      orders.stock.stock.put(sku, 1_000);
    }
    Reply placedService = service(serviceSession, "POST", "/api/orders", null);
    assertThat(placedService.status()).isEqualTo(201);
    compare(differences, "POST /api/orders (id and placedAt aside)", withoutIdentity(placedLegacy), withoutIdentity(placedService));
    compare(differences, "cart after checkout", legacy(legacySession, "GET", "/api/cart", null), legacy(serviceSession, "GET", "/api/cart", null));

    seen.forEach(System.out::println);
    System.out.printf("orders contract: %d comparisons (monolith statuses %s), %d differ%n", seen.size(), statuses, differences.size());
    assertThat(statuses).containsKeys(200, 201, 400, 401, 404);
    assertThat(differences).isEmpty();
  }

  private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
  private final List<String> seen = new ArrayList<>();

  private void compare(List<String> differences, String what, Reply legacy, Reply extracted) {
    statuses.merge(legacy.status(), 1, Integer::sum);
    seen.add(what + " -> " + legacy);
    if (!legacy.equals(extracted)) {
      differences.add(what + "\n  monolith: " + legacy + "\n  orders:   " + extracted);
    }
  }

  /** Logs customer001 in at the monolith; yields the session id (the cookie holds its base64). */
  private String login() throws Exception {
    ShopLogin login = ShopLogin.customer001(http, monolith.url());
    customerId = login.customerId();
    return login.sessionId();
  }

  private Reply legacy(String session, String method, String path, String body) throws IOException, InterruptedException {
    return send(request(URI.create(monolith.url()), path, method, body).header("Cookie", OrdersHarness.cookie(session)));
  }

  private Reply service(String session, String method, String path, String body) throws IOException, InterruptedException {
    return send(request(URI.create(orders.base()), path, method, body).header("Cookie", OrdersHarness.cookie(session))
        .header(IdentityVerifier.HEADER, orders.identity(customerId, session)));
  }

  private Reply anonymous(URI base, String path) throws IOException, InterruptedException {
    return send(request(base, path, "GET", null));
  }

  /** A cart write with {@code type} as its Content-Type (none when blank). */
  private static HttpRequest.Builder typed(URI base, String type, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/cart/items")).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    return type.isEmpty() ? builder : builder.header("Content-Type", type);
  }

  private static HttpRequest.Builder request(URI base, String path, String method, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
        response.headers().firstValue("Location").map(l -> l.replaceAll("^https?://[^/]+", "").replaceAll("/\\d+$", "/{id}")).orElse(null),
        canonical(response.body()));
  }

  /** The body re-written with members in their order and numbers as sent, generatedAt removed (declared noise). */
  private static String canonical(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json instanceof ObjectNode object) {
        object.remove("generatedAt");
      }
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      return "(not JSON) " + body;
    }
  }

  private static Reply withoutIdentity(Reply placed) throws IOException {
    ObjectNode json = (ObjectNode) JSON.readTree(placed.body());
    json.put("id", 0).put("placedAt", "");
    return new Reply(placed.status(), placed.contentType(), placed.location(), JSON.writeValueAsString(json));
  }

  private record Reply(int status, String contentType, String location, String body) {
    @Override
    public String toString() {
      return status + " " + contentType + (location == null ? "" : " Location " + location) + " "
          + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
    }
  }
}
