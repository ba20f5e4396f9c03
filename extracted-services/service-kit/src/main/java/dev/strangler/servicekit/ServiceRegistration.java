package dev.strangler.servicekit;

import dev.strangler.discovery.ServiceInstance;
import dev.strangler.discovery.ServiceRegistry;
import io.vertx.core.Future;
import java.util.Objects;

/**
 * Puts one service instance in discovery for as long as it runs: compose it into a verticle, call
 * {@link #start} once the HTTP server listens and {@link #stop} before it closes, so the proxy stops
 * routing to it before it goes away. A killed instance needs no stop: its heartbeats end and
 * discovery drops it within the expiry.
 */
public final class ServiceRegistration {

  private final ServiceRegistry registry;
  private final String name;
  private final String version;
  private ServiceInstance instance;

  public ServiceRegistration(ServiceRegistry registry, String name, String version) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.name = Objects.requireNonNull(name, "name == null");
    this.version = Objects.requireNonNull(version, "version == null");
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
