package dev.strangler.servicekit;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.discovery.ServiceInstance;
import dev.strangler.discovery.ServiceRegistry;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.lifecycle.GracefulShutdown;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one service instance in discovery for as long as it runs: compose it into a verticle, call
 * {@link #start} once the HTTP server listens and {@link #stop} before it closes, so the proxy stops
 * routing to it before it goes away. A killed instance needs no stop: its heartbeats end and
 * discovery drops it within the expiry.
 */
public final class ServiceRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistration.class);

  private final ServiceRegistry registry;
  private final String name;
  private final String version;
  private ServiceInstance instance;

  public ServiceRegistration(ServiceRegistry registry, String name, String version) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.name = Objects.requireNonNull(name, "name == null");
    this.version = Objects.requireNonNull(version, "version == null");
  }

  /**
   * What every service does once it listens: registers its advertised host and {@code port} in the discovery Redis its
   * options name, and hands {@code shutdown} the unregistration (first) and the registry's close; yields the
   * registration, or null when the options name no discovery Redis (nothing registered, logged).
   */
  public static Future<ServiceRegistration> register(Vertx vertx, ServiceOptions service, int port, GracefulShutdown shutdown) {
    if (service.discoveryRedisUrl() == null) {
      LOG.info("{}: no discovery Redis configured, not registered in discovery", service.name());
      return Future.succeededFuture();
    }
    RedisServiceRegistry registry = new RedisServiceRegistry(vertx,
        DiscoveryOptions.of(service.discoveryRedisUrl(), service.discoveryPrefix()));
    ServiceRegistration registration = new ServiceRegistration(registry, service.name(), service.version());
    shutdown.registration(registration).resource("discovery", registry::close);
    return registration.start(service.advertisedHost(), port).map(registration);
  }

  /** Registers {@code host:port}; completes once the record and its first heartbeat are in Redis. */
  public Future<ServiceInstance> start(String host, int port) {
    if (instance != null) {
      return Future.failedFuture(new IllegalStateException(name + " is already registered as " + instance.registration()));
    }
    return registry.register(name, host, port, version).onSuccess(i -> instance = i);
  }

  /** Unregisters at once (graceful stop); a no-op when not registered. */
  public Future<Void> stop() {
    if (instance == null) {
      return Future.succeededFuture();
    }
    ServiceInstance leaving = instance;
    instance = null;
    return registry.unregister(leaving);
  }

  /** The current registration, or null when not registered. */
  public ServiceInstance instance() {
    return instance;
  }
}
