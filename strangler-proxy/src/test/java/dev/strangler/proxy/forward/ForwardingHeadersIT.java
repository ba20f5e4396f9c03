package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import io.vertx.core.MultiMap;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the proxy tells the backend about the client: forwarding headers, request ids, trace context. */
@ExtendWith(VertxExtension.class)
class ForwardingHeadersIT {

  private Vertx vertx;

  private HttpClient client;
  private URI backend;

  @BeforeEach
  void startBackend(Vertx vertx) {
    this.vertx = vertx;
    int port = vertx.createHttpServer().requestHandler(req -> {
      JsonObject seen = new JsonObject();
      req.headers().forEach(h -> seen.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      if (req.getParam("date") != null) {
        req.response().putHeader("Date", req.getParam("date"));
      }
      req.response().end(seen.encode());
    }).listen(0, "127.0.0.1").await().actualPort();
    backend = URI.create("http://127.0.0.1:" + port);
    client = vertx.createHttpClient();
  }

  @Test
  void atTheEdgeTheClientsForwardingHeadersAreReplacedByTheProxysOwn(Vertx vertx) {
    int port = proxy(vertx, 0);

    Seen seen = get(port, MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "6.6.6.6")
        .add("X-Forwarded-Proto", "https").add("X-Forwarded-Host", "evil.example").add("Forwarded", "for=6.6.6.6"));

    assertThat(seen.headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(seen.headers.getString("x-forwarded-proto")).isEqualTo("http");
    assertThat(seen.headers.getString("x-forwarded-host")).isEqualTo("127.0.0.1:" + port);
    assertThat(seen.headers.getString("forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + port + "\"");
  }

  @Test
  void behindOneTrustedLoadBalancerItsEntryIsKeptAndEarlierOnesAreNot(Vertx vertx) {
    int port = proxy(vertx, 1);

    Seen seen = get(port, MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "6.6.6.6, 203.0.113.7")
        .add("X-Forwarded-Proto", "https").add("X-Forwarded-Host", "shop.example.com"));

    assertThat(seen.headers.getString("x-forwarded-for")).isEqualTo("203.0.113.7, 127.0.0.1");
    assertThat(seen.headers.getString("x-forwarded-proto")).isEqualTo("https");
    assertThat(seen.headers.getString("x-forwarded-host")).isEqualTo("shop.example.com");
    assertThat(seen.headers.getString("forwarded"))
        .isEqualTo("for=203.0.113.7, for=127.0.0.1;proto=https;host=\"shop.example.com\"");
  }

  @Test
  void everyRequestGetsARequestIdAndAPlainOneFromTheClientIsKept(Vertx vertx) {
    int port = proxy(vertx, 0);

    Seen generated = get(port, MultiMap.caseInsensitiveMultiMap());
    Seen kept = get(port, MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "client-42"));
    Seen replaced = get(port, MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "bad id\twith spaces"));

    assertThat(generated.headers.getString("x-request-id")).matches("[0-9a-f-]{36}");
    assertThat(generated.responseHeaders.get("X-Request-Id")).isEqualTo(generated.headers.getString("x-request-id"));
    assertThat(kept.headers.getString("x-request-id")).isEqualTo("client-42");
    assertThat(replaced.headers.getString("x-request-id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void traceContextPassesThroughUntouched(Vertx vertx) {
    int port = proxy(vertx, 0);
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    Seen seen = get(port, MultiMap.caseInsensitiveMultiMap().add("traceparent", traceparent).add("tracestate", "acme=1"));

    assertThat(seen.headers.getString("traceparent")).isEqualTo(traceparent);
    assertThat(seen.headers.getString("tracestate")).isEqualTo("acme=1");
  }

  @Test
  void theBackendsDateReachesTheClientAsItWasWrittenAndAnAnswerWithoutOneGetsTheProxysTime(Vertx vertx) {
    int port = proxy(vertx, 0);
    String rfc850 = "Sunday, 06-Nov-94 08:49:37 GMT"; // obsolete but valid: passed on, not rewritten

    MultiMap fixed = get(port, "/?date=Tue,%2015%20Nov%201994%2008:12:31%20GMT", MultiMap.caseInsensitiveMultiMap()).responseHeaders;
    MultiMap old = get(port, "/?date=Sunday,%2006-Nov-94%2008:49:37%20GMT", MultiMap.caseInsensitiveMultiMap()).responseHeaders;
    MultiMap none = get(port, "/", MultiMap.caseInsensitiveMultiMap()).responseHeaders;

    assertThat(fixed.getAll("Date")).containsExactly("Tue, 15 Nov 1994 08:12:31 GMT");
    assertThat(old.getAll("Date")).containsExactly(rfc850);
    assertThat(none.getAll("Date")).singleElement().satisfies(date -> assertThat(
        java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
        .isCloseTo(java.time.Instant.now(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES)));
  }

  private int proxy(Vertx vertx, int trustedHops) {
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults().toBuilder()
        .publicPort(0).legacy(backend).trustedHops(trustedHops).build());
    vertx.deployVerticle(proxy).await();
    return proxy.actualPort();
  }

  private Seen get(int port, MultiMap headers) {
    return get(port, "/", headers);
  }

  private Seen get(int port, String uri, MultiMap headers) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri).setHeaders(headers))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> new Seen(b.toJsonObject(), resp.headers())))
        );
  }

  private record Seen(JsonObject headers, MultiMap responseHeaders) {}
}
