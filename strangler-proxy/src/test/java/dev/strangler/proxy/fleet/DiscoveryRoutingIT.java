package dev.strangler.proxy.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceRegistry;
import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.table.RedisRouteStore;
import dev.strangler.proxy.table.RouteStoreKeys;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A backend of kind {@code service}: the proxy routes to the instances registered in discovery, and only the live ones. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class DiscoveryRoutingIT {

  @Test
  void requestsGoRoundRobinToRegisteredInstancesAndAKilledOneLeavesTheRotation(Vertx vertx, RedisNamespace ns) {
    HttpServer a = instance(vertx, "catalog-a");
    HttpServer b = instance(vertx, "catalog-b");
    int port = FreePort.find();
    ProxyApplication proxy = proxyRoutingCatalogThroughDiscovery(vertx, ns, port);
    HttpClient client = vertx.createHttpClient();

    assertThat(get(vertx, client, port)).as("no instance registered yet").startsWith("503 ");

    DiscoveryOptions discovery = DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix());
    new RedisServiceRegistry(vertx, discovery).register("catalog-service", "127.0.0.1", a.actualPort(), "1").await();
    Vertx doomed = Vertx.vertx();
    new RedisServiceRegistry(doomed, discovery).register("catalog-service", "127.0.0.1", b.actualPort(), "1").await();

    await().atMost(Duration.ofSeconds(3)).ignoreExceptions().until(() -> served(vertx, client, port, 10).size() == 2);
    assertThat(served(vertx, client, port, 10)).containsExactlyInAnyOrder("200 catalog-a", "200 catalog-b");

    doomed.close().await(); // the instance's heartbeats stop, as when its process is killed

    await().atMost(DiscoveryOptions.DEFAULT_EXPIRY.plus(DiscoveryOptions.DEFAULT_HEARTBEAT.multipliedBy(3))).ignoreExceptions()
        .until(() -> served(vertx, client, port, 10).equals(Set.of("200 catalog-a")));
    proxy.stop().await();
  }

  @Test
  void theFirstRequestAfterATableStartsRoutingToAServiceFindsItsInstances(Vertx vertx, RedisNamespace ns) {
    HttpServer a = instance(vertx, "catalog-a");
    DiscoveryOptions discovery = DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix());
    new RedisServiceRegistry(vertx, discovery).register("catalog-service", "127.0.0.1", a.actualPort(), "1").await();
    int port = FreePort.find();
    ProxyApplication proxy = proxyRoutingCatalogThroughDiscovery(vertx, ns, port);

    assertThat(get(vertx, vertx.createHttpClient(), port)).as("not a 503 until the next refresh").isEqualTo("200 catalog-a");
    proxy.stop().await();
  }

  /** A proxy on {@code port} following the fleet's table in Redis, once that table routes the catalog to {@code catalog-service}. */
  private static ProxyApplication proxyRoutingCatalogThroughDiscovery(Vertx vertx, RedisNamespace ns, int port) {
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_REDIS_URL", ns.endpoint().uri(), "STRANGLER_REDIS_PREFIX", ns.prefix(), "STRANGLER_EVENT_LOOPS", "1",
        "STRANGLER_IDENTITY_KEY", "discovery-identity-key-0123456789abcdef")));
    proxy.start().await();
    new RedisRouteStore(Redis.createClient(vertx, new RedisOptions().setConnectionString(ns.endpoint().uri())),
        new RouteStoreKeys(ns.prefix()), Duration.ofSeconds(2), Clock.systemUTC())
        .publishNext(RouteTableCodec.parse("""
            apiVersion: strangler/v1
            backends:
              legacy: {urls: ["http://127.0.0.1:%d"]}
              catalog: {service: catalog-service}
            routes:
              - {id: catalog-read, match: {path: /api/products/**}, target: {extracted: catalog}}
            """.formatted(FreePort.find())), "test", "catalog through discovery").await();
    await().atMost(Duration.ofSeconds(2)).until(() -> proxy.live().current().epoch() == 1);
    return proxy;
  }

  private static HttpServer instance(Vertx vertx, String name) {
    return vertx.createHttpServer().requestHandler(req -> req.response().end(name)).listen(0, "127.0.0.1").await();
  }

  private static Set<String> served(Vertx vertx, HttpClient client, int port, int requests) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      out.add(get(vertx, client, port));
    }
    return out;
  }

  private static String get(Vertx vertx, HttpClient client, int port) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/api/products/1")
            .setConnectTimeout(2_000).setIdleTimeout(2_000))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b))
        );
  }
}
