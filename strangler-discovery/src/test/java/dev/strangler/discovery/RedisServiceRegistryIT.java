package dev.strangler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Registries in different processes' worth of Vert.x, sharing one real Redis. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class RedisServiceRegistryIT {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration EXPIRY = Duration.ofMillis(800);

  @Test
  void anInstanceRegisteredAnywhereIsFoundEverywhere(Vertx vertx, RedisNamespace ns) {
    ServiceRegistry services = registry(vertx, ns);
    ServiceRegistry proxy = registry(vertx, ns);

    ServiceInstance one = services.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
    services.register("catalog-service", "127.0.0.1", 18092, "1.0.0").await();
    services.register("orders-service", "127.0.0.1", 18083, "1.0.0").await();

    List<ServiceInstance> found = proxy.lookup("catalog-service").await();

    assertThat(found).extracting(ServiceInstance::port).containsExactlyInAnyOrder(18082, 18092);
    assertThat(found).filteredOn(i -> i.port() == 18082).singleElement().satisfies(i -> {
      assertThat(i.registration()).isEqualTo(one.registration());
      assertThat(i.uri()).hasToString("http://127.0.0.1:18082");
      assertThat(i.version()).isEqualTo("1.0.0");
    });
    assertThat(proxy.lookup("nobody").await()).isEmpty();
    services.close().await();
    proxy.close().await();
  }

  @Test
  void aKilledInstanceDisappearsWithinTheExpiry(Vertx vertx, RedisNamespace ns) {
    ServiceRegistry proxy = registry(vertx, ns);
    Vertx doomed = Vertx.vertx();
    registry(doomed, ns).register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
    assertThat(proxy.lookup("catalog-service").await()).hasSize(1);

    long killedAt = System.nanoTime();
    doomed.close().await(); // its heartbeats stop; nobody unregisters it

    await().atMost(EXPIRY.plusSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> proxy.lookup("catalog-service").await().isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThanOrEqualTo(EXPIRY.minus(HEARTBEAT));
    proxy.close().await();
  }

  @Test
  void aGracefulStopUnregistersAtOnce(Vertx vertx, RedisNamespace ns) {
    ServiceRegistry services = registry(vertx, ns);
    ServiceInstance instance = services.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();

    services.unregister(instance).await();

    assertThat(registry(vertx, ns).lookup("catalog-service").await()).isEmpty();
    services.close().await();
  }

  @Test
  void aLiveInstanceStaysFoundWellPastTheExpiry(Vertx vertx, RedisNamespace ns) {
    ServiceRegistry services = registry(vertx, ns);
    services.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
    long until = System.nanoTime() + EXPIRY.multipliedBy(3).toNanos();

    await().atMost(EXPIRY.multipliedBy(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
      assertThat(services.lookup("catalog-service").await()).hasSize(1);
      return System.nanoTime() > until;
    });
    services.close().await();
  }

  @Test
  void closingWithRedisGoneStillCompletesAndTheRegistrationExpires(Vertx vertx) {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      DiscoveryOptions options = new DiscoveryOptions("redis://127.0.0.1:" + redis.port(), "it:", HEARTBEAT, EXPIRY);
      ServiceRegistry services = new RedisServiceRegistry(vertx, options);
      services.register("catalog-service", "127.0.0.1", 18082, "1.0.0").await();
      redis.pause(); // SIGSTOP: every command now times out

      long started = System.nanoTime();
      services.close().await();

      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the command timeouts")
          .isLessThan(RedisServiceRegistry.DEFAULT_COMMAND_TIMEOUT.multipliedBy(3));
      redis.resume();
      ServiceRegistry proxy = new RedisServiceRegistry(vertx, options);
      await().atMost(EXPIRY.plusSeconds(2)).pollInterval(Duration.ofMillis(50))
          .until(() -> proxy.lookup("catalog-service").await().isEmpty());
      proxy.close().await();
    }
  }

  private static ServiceRegistry registry(Vertx vertx, RedisNamespace ns) {
    return new RedisServiceRegistry(vertx, new DiscoveryOptions(ns.endpoint().uri(), ns.prefix(), HEARTBEAT, EXPIRY));
  }
}
