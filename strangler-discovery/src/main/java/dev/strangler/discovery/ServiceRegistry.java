package dev.strangler.discovery;

import io.vertx.core.Future;
import java.util.List;

/**
 * Our small interface over service discovery (vertx-service-discovery is deprecated in Vert.x 5;
 * its service resolver may replace it later without touching callers).
 */
public interface ServiceRegistry {

  /** Publishes an HTTP endpoint and keeps it alive with heartbeats until unregistered or closed. */
  Future<ServiceInstance> register(String name, String host, int port, String version);

  /** Removes a registration of this registry at once (graceful stop). */
  Future<Void> unregister(ServiceInstance instance);

  /** The live instances of {@code name}: registered, and heard from within the expiry. */
  Future<List<ServiceInstance>> lookup(String name);

  /**
   * Unregisters everything this registry registered and releases its resources. Unregistering is best effort here: the
   * future succeeds even when Redis can't be reached, and what was left registered expires with its heartbeats.
   */
  Future<Void> close();
}
