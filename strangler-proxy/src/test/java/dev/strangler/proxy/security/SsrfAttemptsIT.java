package dev.strangler.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.proxy.edge.RawHttp;
import dev.strangler.testsupport.RealRedis;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy as an open proxy or an SSRF relay: requests naming another host in every place a parser might take it from
 * (absolute-form, CONNECT, Host, userinfo, path tricks, forwarding and rewrite headers) are refused or go to the routed
 * backend; the tripwire, a real listener whose address is in every attack, must have seen no connection at the end.
 * Discovery records and route tables pointing at restricted addresses (the proxy's own ports, Redis, link-local) are
 * never used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsrfAttemptsIT {

  private final Tripwire tripwire = Tripwire.start();
  private ProxyWithAdmin proxy;

  @BeforeAll
  void start() {
    proxy = ProxyWithAdmin.startAlone("ssrf", Map.of());
  }

  @AfterAll
  void theTripwireSawNoConnection() throws IOException {
    try {
      assertThat(tripwire.connections()).as("connections to the tripwire at " + tripwire.address()).isZero();
    } finally {
      tripwire.close();
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        attack("absolute-form http target", c -> "GET http://" + c + "/ HTTP/1.1\r\nHost: " + c + "\r\n"),
        attack("absolute-form on a routed path", c -> "GET http://" + c + "/api/catalog/1 HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("absolute-form https target", c -> "GET https://" + c + "/ HTTP/1.1\r\nHost: " + c + "\r\n"),
        attack("absolute-form with userinfo", c -> "GET http://shop.example@" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("CONNECT", c -> "CONNECT " + c + " HTTP/1.1\r\nHost: " + c + "\r\n"),
        attack("Host naming the tripwire", c -> "GET /api/products/1 HTTP/1.1\r\nHost: " + c + "\r\n"),
        attack("Host with userinfo", c -> "GET /api/products/1 HTTP/1.1\r\nHost: shop.example@" + c + "\r\n"),
        attack("target starting with @", c -> "GET @" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("path starting with /@", c -> "GET /@" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("protocol-relative path", c -> "GET //" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("backslash path", c -> "GET /\\" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("encoded backslash path", c -> "GET /%5c" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("encoded dot-dot through a rewritten route", c -> "GET /api/catalog/%2e%2e/%2e%2e/" + c + " HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("encoded slash through a rewritten route", c -> "GET /api/catalog/..%2f..%2f" + c + " HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("dot-dot above a rewritten route", c -> "GET /api/catalog/../../../" + c + " HTTP/1.1\r\nHost: shop.example\r\n"),
        attack("forwarding headers naming the tripwire", c -> "GET /api/products/1 HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Host: "
            + c + "\r\nForwarded: host=" + c + "\r\nX-Forwarded-Server: " + c + "\r\n"),
        attack("rewrite headers naming the tripwire", c -> "GET /api/products/1 HTTP/1.1\r\nHost: shop.example\r\nX-Original-URL: http://"
            + c + "/\r\nX-Rewrite-URL: http://" + c + "/\r\n"),
        attack("a URL in the query", c -> "GET /api/products/1?next=http://" + c + "/ HTTP/1.1\r\nHost: shop.example\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void isRefusedOrGoesToTheRoutedBackend(String attack, UnaryOperator<String> request) throws IOException {
    RawHttp.Reply reply = RawHttp.exchange(proxy.publicPort(), request.apply(tripwire.address()) + "Connection: close\r\n\r\n", 2_000);

    assertThat(reply.status()).as(reply.text()).isBetween(200, 503);
    assertThat(tripwire.connections()).as("connections to the tripwire").isZero();
  }

  @Test
  void discoveryRecordsAtRestrictedAddressesAreNeverUsed() throws IOException {
    URI redis = URI.create(RealRedis.server().uri());
    Vertx vertx = Vertx.vertx();
    try {
      RedisServiceRegistry registry = new RedisServiceRegistry(vertx, DiscoveryOptions.of(redis.toString(), proxy.namespace().prefix()));
      registry.register("catalog-service", "127.0.0.1", proxy.adminPort(), "1").await();
      registry.register("catalog-service", "127.0.0.1", proxy.publicPort(), "1").await();
      registry.register("catalog-service", redis.getHost(), redis.getPort(), "1").await();
      registry.register("catalog-service", "169.254.169.254", 80, "1").await();

      for (int i = 0; i < 8; i++) {
        RawHttp.Reply reply = RawHttp.exchange(proxy.publicPort(),
            "GET /api/catalog/" + i + " HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n", 5_000);
        assertThat(reply.status()).as(reply.text()).isEqualTo(503);
        assertThat(reply.text()).doesNotContain("strangler-admin").doesNotContain("no admin endpoint");
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aRouteTableAimingAtRestrictedAddressesIsRefused() {
    for (String url : new String[] {"http://169.254.169.254", "http://127.0.0.1:" + proxy.adminPort(),
        "http://localhost:" + proxy.publicPort(), RealRedis.server().uri().replace("redis://", "http://")}) {
      ProxyWithAdmin.Reply reply = proxy.admin(HttpMethod.PUT, "/admin/routes", MultiMap.caseInsensitiveMultiMap()
          .add("Authorization", "Bearer " + ProxyWithAdmin.WRITER).add("Content-Type", "application/yaml"),
          ProxyWithAdmin.TABLE.formatted(proxy.legacy.uri(), url));

      assertThat(reply.status()).as(url + ": " + reply.body()).isEqualTo(422);
    }
  }

  private static Arguments attack(String name, UnaryOperator<String> request) {
    return Arguments.of(name, request);
  }
}
