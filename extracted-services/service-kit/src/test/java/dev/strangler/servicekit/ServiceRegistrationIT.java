package dev.strangler.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.discovery.ServiceRegistry;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A service built with the kit is found in discovery while it runs and gone as soon as it stops. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ServiceRegistrationIT {

  @Test
  void aRunningServiceIsFoundAndAStoppedOneIsNot(Vertx vertx, RedisNamespace ns) {
    DiscoveryOptions options = DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix());
    Router router = Router.router(vertx);
    HealthRoutes.install(router, io.vertx.core.Future::succeededFuture);
    int port = OnVertx.await(vertx, () -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
    ServiceRegistration registration = new ServiceRegistration(new RedisServiceRegistry(vertx, options), "catalog-service", "0.1.0");
    ServiceRegistry proxySide = new RedisServiceRegistry(vertx, options);

    ServiceInstance registered = OnVertx.await(vertx, () -> registration.start("127.0.0.1", port));

    assertThat(OnVertx.await(vertx, () -> proxySide.lookup("catalog-service")))
        .singleElement().satisfies(i -> {
          assertThat(i.registration()).isEqualTo(registered.registration());
          assertThat(i.port()).isEqualTo(port);
          assertThat(i.version()).isEqualTo("0.1.0");
        });
    assertThatThrownBy(() -> OnVertx.await(vertx, () -> registration.start("127.0.0.1", port)))
        .hasMessageContaining("already registered");

    OnVertx.await(vertx, registration::stop);

    assertThat(OnVertx.await(vertx, () -> proxySide.lookup("catalog-service"))).isEmpty();
    assertThat(registration.instance()).isNull();
  }
}
