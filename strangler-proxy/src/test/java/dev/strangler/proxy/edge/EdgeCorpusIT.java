package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests written byte for byte to a real proxy: each gets its documented status as a problem body, the
 * connection is closed, and nothing reaches the backend.
 */
@ExtendWith(VertxExtension.class)
class EdgeCorpusIT {

  private static final String HOST = "Host: shop.example\r\n";

  private FakeBackend backend;
  private int proxyPort;

  @BeforeEach
  void startBackendAndProxy(Vertx vertx) {
    backend = FakeBackend.start(vertx);
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults().withPublicPort(0).withLegacy(backend.uri()));
    vertx.deployVerticle(proxy).await();
    proxyPort = proxy.actualPort();
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        hostile("Transfer-Encoding with Content-Length", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("conflicting Content-Length", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"),
        hostile("repeated identical Content-Length", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd"),
        hostile("Content-Length that is not a number", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Content-Length: +4\r\n\r\nabcd"),
        hostile("unknown coding xchunked smuggling a request", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: xchunked\r\n\r\nGET /smuggled HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("chunked followed by identity", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
        hostile("gzip before chunked", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
        hostile("Transfer-Encoding sent twice", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        hostile("Transfer-Encoding on HTTP/1.0", 400,
            "POST / HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        hostile("obs-fold continuation line", 400,
            "GET / HTTP/1.1\r\n" + HOST + "X-Note: one\r\n two\r\n\r\n"),
        hostile("obs-fold with a tab hiding Transfer-Encoding", 400,
            "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\nX-Pad: a\r\n\tTransfer-Encoding: chunked\r\n\r\n"),
        hostile("underscore in a header name", 400,
            "GET / HTTP/1.1\r\n" + HOST + "X_Forwarded_For: 10.0.0.1\r\n\r\n"),
        hostile("absolute-form target", 400, "GET http://evil.example/ HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("CONNECT", 400, "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"),
        hostile("asterisk-form target", 400, "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("path climbing above the root", 400, "GET /../etc/passwd HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("path climbing above the root after normalising", 400, "GET /a/../../etc/passwd HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("encoded dot-dot", 400, "GET /public/%2e%2e/admin HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("upper-case encoded dot", 400, "GET /public/%2E/admin HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("encoded slash", 400, "GET /public%2Fadmin HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("encoded backslash", 400, "GET /public%5c..%5cadmin HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("encoded NUL", 400, "GET /admin%00.html HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("raw backslash", 400, "GET /public\\..\\admin HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("dot-dot with a path parameter", 400, "GET /public/..;/admin HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("malformed percent-escape", 400, "GET /a%zz HTTP/1.1\r\n" + HOST + "\r\n"),
        hostile("raw NUL in a header value", 400, "GET / HTTP/1.1\r\n" + HOST + "X-A: a\0b\r\n\r\n"),
        hostile("headers over 8 KiB", 431, "GET / HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(9 * 1024) + "\r\n\r\n"),
        hostile("more than 100 header fields", 431, "GET / HTTP/1.1\r\n" + HOST + manyHeaders(101) + "\r\n"),
        hostile("request line over 4 KiB", 414, "GET /" + "a".repeat(5 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("corpus")
  void refusesWithAProblemClosesTheConnectionAndForwardsNothing(String name, int status, String bytes) throws IOException {
    RawHttp.Reply reply = RawHttp.exchange(proxyPort, bytes, 5_000);

    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.closed()).as("connection closed").isTrue();
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(reply.body());
    assertThat(problem.fieldNames()).containsExactlyInAnyOrder("type", "title", "status", "detail");
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(backend.requests()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void anH2cUpgradeIsNotOfferedAndTheRequestIsServedAsHttp11() throws IOException {
    RawHttp.Reply reply = RawHttp.exchange(proxyPort, "GET / HTTP/1.1\r\n" + HOST
        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n", 1_000);

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(backend.only().headers().get("Upgrade")).isNull();
    assertThat(backend.only().headers().get("HTTP2-Settings")).isNull();
  }

  private static Arguments hostile(String name, int status, String bytes) {
    return Arguments.of(name, status, bytes);
  }

  private static String manyHeaders(int count) {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      headers.append("X-H").append(i).append(": ").append(i).append("\r\n");
    }
    return headers.toString();
  }
}
