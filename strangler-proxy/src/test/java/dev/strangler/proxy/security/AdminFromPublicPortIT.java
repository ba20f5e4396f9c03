package dev.strangler.proxy.security;

import static dev.strangler.proxy.security.ProxyWithAdmin.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.edge.RawHttp;
import java.io.IOException;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin API lives on its own listener; every trick for reaching it through the public one (its address as Host,
 * forwarding headers claiming loopback, rewrite headers, absolute-form, encoded or odd paths), each carrying the writer
 * token and a real change, either is refused at the edge or reaches the monolith as an ordinary request. The proof is
 * on the admin side: no new epoch, no audit line, no admin answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminFromPublicPortIT {

  private static final String BODY = "{\"target\":{\"extracted\":\"admin-only-backend\"}}";

  private ProxyWithAdmin proxy;
  private long epoch;

  @BeforeAll
  void start() {
    proxy = ProxyWithAdmin.startAlone("admin-from-public", Map.of());
    epoch = proxy.epoch();
  }

  @AfterAll
  void stop() {
    proxy.close();
  }

  @AfterEach
  void theAdminApiWasNeverReached() {
    assertThat(proxy.epoch()).as("route table epoch").isEqualTo(epoch);
    assertThat(proxy.audit.lines()).as("audit log").hasSize(1); // the fixture's own table
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        attack("Host set to the admin listener", admin -> flip("/admin/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("X-Forwarded-For claiming loopback", admin -> flip("/admin/routes/products/flip",
            "Host: shop.example\r\nX-Forwarded-For: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\n")),
        attack("X-Forwarded-Host naming the admin listener", admin -> flip("/admin/routes/products/flip",
            "Host: shop.example\r\nX-Forwarded-Host: " + admin + "\r\nX-Forwarded-Port: " + admin.split(":")[1] + "\r\n")),
        attack("X-Original-URL", admin -> flip("/", "Host: shop.example\r\nX-Original-URL: /admin/routes/products/flip\r\n")),
        attack("X-Rewrite-URL", admin -> flip("/", "Host: shop.example\r\nX-Rewrite-URL: /admin/routes/products/flip\r\n")),
        attack("absolute-form target at the admin listener", admin -> flip("http://" + admin + "/admin/routes/products/flip",
            "Host: " + admin + "\r\n")),
        attack("authority-form CONNECT to the admin listener", admin -> "CONNECT " + admin + " HTTP/1.1\r\nHost: " + admin
            + "\r\nAuthorization: Bearer " + WRITER + "\r\n\r\n"),
        attack("percent-encoded a", admin -> flip("/%61dmin/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("double slash", admin -> flip("//admin/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("dot segment", admin -> flip("/./admin/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("dot-dot back into admin", admin -> flip("/api/../admin/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("path parameter", admin -> flip("/admin;x/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("upper case", admin -> flip("/ADMIN/routes/products/flip", "Host: " + admin + "\r\n")),
        attack("encoded slash", admin -> flip("/admin%2Froutes%2Fproducts%2Fflip", "Host: " + admin + "\r\n")),
        attack("reading the route table with the admin's Host", admin -> "GET /admin/routes HTTP/1.1\r\nHost: " + admin
            + "\r\nAuthorization: Bearer " + WRITER + "\r\nX-Forwarded-For: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        attack("reading the route table through X-Original-URL", admin -> "GET / HTTP/1.1\r\nHost: " + admin
            + "\r\nX-Original-URL: /admin/routes\r\nAuthorization: Bearer " + WRITER + "\r\nConnection: close\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void neverReachesTheAdminApi(String attack, UnaryOperator<String> request) throws IOException {
    int before = proxy.legacy.requests().size();

    RawHttp.Reply reply = RawHttp.exchange(proxy.publicPort(), request.apply("127.0.0.1:" + proxy.adminPort()), 2_000);

    assertThat(reply.status()).as(reply.text()).isBetween(200, 499);
    assertThat(reply.body()).as("an admin answer").doesNotContain("\"epoch\"").doesNotContain("admin-only-backend\"]")
        .doesNotContain("strangler-admin");
    assertThat(reply.header("WWW-Authenticate")).isNull();
    proxy.legacy.requests().stream().skip(before).forEach(seen -> {
      assertThat(seen.headers().get("X-Original-URL")).as("X-Original-URL at the backend").isNull();
      assertThat(seen.headers().get("X-Rewrite-URL")).as("X-Rewrite-URL at the backend").isNull();
      assertThat(seen.headers().get("X-Forwarded-For")).as("X-Forwarded-For at the backend").isEqualTo("127.0.0.1");
    });
  }

  /** {@code request} is given the admin listener's address, {@code 127.0.0.1:port}. */
  private static Arguments attack(String name, UnaryOperator<String> request) {
    return Arguments.of(name, request);
  }

  private static String flip(String target, String headers) {
    return "POST " + target + " HTTP/1.1\r\n" + headers + "Authorization: Bearer " + WRITER
        + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY;
  }
}
