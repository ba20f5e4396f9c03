package dev.strangler.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.edge.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CR and LF smuggled into the path, the query, header values (raw and percent-encoded), and into the values the proxy
 * reflects (the request id, problem details on both listeners): no answer ever carries an injected header line, and
 * the backend never receives one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrlfInjectionIT {

  private static final String INJECTED = "x-injected";

  private ProxyWithAdmin proxy;

  @BeforeAll
  void start() {
    proxy = ProxyWithAdmin.startAlone("crlf", Map.of());
  }

  @AfterAll
  void stop() {
    proxy.close();
  }

  static Stream<Arguments> injections() {
    String h = "Host: shop.example\r\n";
    return Stream.of(
        injection("encoded CRLF in the path", "GET /api/products/a%0d%0aX-Injected:%201 HTTP/1.1\r\n" + h),
        injection("encoded CRLF in the query", "GET /api/products/1?q=a%0d%0aX-Injected:%201 HTTP/1.1\r\n" + h),
        injection("encoded LF alone in the query", "GET /api/products/1?q=a%0aX-Injected:%201 HTTP/1.1\r\n" + h),
        injection("raw CR in the path", "GET /api/products/a\rX-Injected: 1 HTTP/1.1\r\n" + h),
        injection("raw CR in the query", "GET /api/products/1?q=a\rX-Injected: 1 HTTP/1.1\r\n" + h),
        injection("bare CR in a header value", "GET /api/products/1 HTTP/1.1\r\n" + h + "X-Note: a\rX-Injected: 1\r\n"),
        injection("bare LF in a header value", "GET /api/products/1 HTTP/1.1\r\n" + h + "X-Note: a\nX-Injected: 1\r\n"),
        injection("encoded CRLF in a header value", "GET /api/products/1 HTTP/1.1\r\n" + h + "X-Note: a%0d%0aX-Injected: 1\r\n"),
        injection("CRLF in the request id", "GET /api/products/1 HTTP/1.1\r\n" + h + "X-Request-Id: abc\rX-Injected: 1\r\n"),
        injection("encoded CRLF in the request id", "GET /api/products/1 HTTP/1.1\r\n" + h + "X-Request-Id: abc%0d%0aX-Injected:%201\r\n"),
        injection("CRLF reflected into a problem detail", "GET /a%0d%0aX-Injected:%201/%2e%2e HTTP/1.1\r\n" + h),
        injection("CRLF in the Host", "GET /api/products/1 HTTP/1.1\r\nHost: shop.example\rX-Injected: 1\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injections")
  void neverSplitsTheAnswerNorReachesTheBackendAsAHeader(String name, String head) throws IOException {
    int before = proxy.legacy.requests().size();

    RawHttp.Reply reply = RawHttp.exchange(proxy.publicPort(), head + "Connection: close\r\n\r\n", 2_000);

    assertThat(reply.status()).as(reply.text()).isBetween(200, 499);
    assertNoInjectedLine(reply);
    String requestId = reply.header("X-Request-Id");
    if (requestId != null) {
      assertThat(requestId).matches("[A-Za-z0-9._:-]{1,128}");
    }
    proxy.legacy.requests().stream().skip(before).forEach(seen -> {
      assertThat(seen.headers().names()).as("headers at the backend").map(n -> n.toLowerCase(Locale.ROOT))
          .doesNotContain(INJECTED);
      seen.headers().forEach(e -> assertThat(e.getValue()).as(e.getKey()).doesNotContain("\r").doesNotContain("\n"));
      assertThat(seen.uri()).doesNotContain("\r").doesNotContain("\n");
    });
  }

  @Test
  void anAdminProblemReflectingADecodedCrlfPathKeepsItInsideTheJsonBody() throws IOException {
    RawHttp.Reply reply = RawHttp.exchange(proxy.adminPort(), "GET /admin/x%0d%0aX-Injected:%201 HTTP/1.1\r\nHost: a\r\n"
        + "Authorization: Bearer " + ProxyWithAdmin.READER + "\r\nConnection: close\r\n\r\n", 2_000);

    assertThat(reply.status()).as(reply.text()).isEqualTo(404);
    assertNoInjectedLine(reply);
    assertThat(new JsonObject(reply.body()).getString("detail")).contains("X-Injected");
  }

  private static void assertNoInjectedLine(RawHttp.Reply reply) {
    for (String line : reply.head().split("\r\n|\r|\n")) {
      assertThat(line.toLowerCase(Locale.ROOT)).as("a header line of the answer").doesNotStartWith(INJECTED);
    }
  }

  private static Arguments injection(String name, String head) {
    return Arguments.of(name, head);
  }
}
