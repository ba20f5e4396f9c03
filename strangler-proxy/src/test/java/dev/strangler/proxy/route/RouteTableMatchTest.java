package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableMatchTest {

  private final RouteTable table = RouteTable.compile(3, RouteTableCodec.parse(Routes.CATALOG_TABLE), RestrictedAddresses.NONE);

  @Test
  void tablesRememberTheirEpoch() {
    assertThat(table.epoch()).isEqualTo(3);
  }

  @Test
  void explicitPriorityBeatsSpecificityThenExactPathsAndMoreConditionsComeFirst() {
    assertThat(table.precedence()).containsExactly("maintenance", "checkout", "categories", "catalog-read");
  }

  @Test
  void aRequestTakesTheFirstRouteWhoseEveryConditionHolds() {
    assertThat(route("GET", "/api/products/SKU-1")).isEqualTo("catalog-read");
    assertThat(route("HEAD", "/api/products")).isEqualTo("catalog-read");
    assertThat(route("POST", "/api/orders")).isEqualTo("checkout");
    assertThat(route("GET", "/api/categories")).isEqualTo("categories");
  }

  @Test
  void anUnmatchedRequestTakesTheDefaultRouteToTheMonolith() {
    RouteMatch match = table.match(request("DELETE", "/api/products/SKU-1", Map.of()));

    assertThat(match.isDefault()).isTrue();
    assertThat(match.route().target()).isEqualTo(new Target.Legacy());
  }

  @Test
  void aPresenceConditionMatchesAnyValue() {
    assertThat(table.match(request("GET", "/api/products", Map.of("x-maintenance", "anything"))).route().id())
        .isEqualTo("maintenance");
  }

  @Test
  void hostCookieAndQueryConditionsMustAllHold() {
    RouteTable t = RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: beta
            match: {path: "/**", host: shop.example.com, cookies: {beta: "1"}, query: {preview: "*"}}
            target: {direct: {status: 200, body: beta}}
        """), RestrictedAddresses.NONE);

    FakeRequest ok = new FakeRequest("GET", "/x", "shop.example.com", Map.of(), Map.of("beta", "1"), Map.of("preview", ""));
    assertThat(t.match(ok).route().id()).isEqualTo("beta");
    assertThat(t.match(new FakeRequest("GET", "/x", "other.example.com", Map.of(), Map.of("beta", "1"), Map.of("preview", ""))).isDefault()).isTrue();
    assertThat(t.match(new FakeRequest("GET", "/x", "shop.example.com", Map.of(), Map.of("beta", "2"), Map.of("preview", ""))).isDefault()).isTrue();
    assertThat(t.match(new FakeRequest("GET", "/x", "shop.example.com", Map.of(), Map.of("beta", "1"), Map.of())).isDefault()).isTrue();
  }

  @Test
  void templateParametersComeWithTheMatch() {
    RouteTable t = RouteTable.compile(1, RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - {id: order, match: {path: "/api/orders/{id}"}, target: legacy}
        """), RestrictedAddresses.NONE);

    assertThat(t.match(request("GET", "/api/orders/42", Map.of())).pathParams()).isEqualTo(Map.of("id", "42"));
  }

  private String route(String method, String path) {
    return table.match(request(method, path, Map.of())).route().id();
  }

  private static FakeRequest request(String method, String path, Map<String, String> headers) {
    return new FakeRequest(method, path, "localhost", headers, Map.of(), Map.of());
  }

  /** Request facts as plain data: matching reads nothing else. */
  record FakeRequest(String method, String path, String host, Map<String, String> headers,
                     Map<String, String> cookies, Map<String, String> query) implements RequestFacts {
    @Override
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String cookie(String name) {
      return cookies.get(name);
    }

    @Override
    public String queryParam(String name) {
      return query.get(name);
    }
  }
}
