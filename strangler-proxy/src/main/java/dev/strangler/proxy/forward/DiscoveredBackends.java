package dev.strangler.proxy.forward;

import dev.strangler.discovery.ServiceInstance;
import dev.strangler.discovery.ServiceRegistry;
import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.table.LiveRouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live instances of every backend of kind {@code service} in the current route table, looked up
 * in discovery off the request path and refreshed every {@code refresh}. When discovery can't be
 * reached the last known instances keep serving. An instance at a restricted address ({@link RestrictedAddresses}: the
 * proxy's own ports, Redis, link-local and metadata ranges) is left out unless a backend naming that service says
 * {@code allowRestrictedAddress}: whoever can write a discovery record must not be able to aim the proxy there.
 */
public final class DiscoveredBackends {

  /** How often the instance lists are refreshed. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);
  /** No discovery configured: service backends have no instances. */
  public static final DiscoveredBackends NONE = new DiscoveredBackends(null, null, null, null);

  private static final Logger LOG = LoggerFactory.getLogger(DiscoveredBackends.class);

  private final Vertx vertx;
  private final ServiceRegistry registry;
  private final LiveRouteTable live;
  private final Duration refresh;
  private final Map<String, List<URI>> instances = new ConcurrentHashMap<>();
  private final Map<String, Future<Void>> pending = new ConcurrentHashMap<>();
  private final java.util.Set<URI> ignored = ConcurrentHashMap.newKeySet(); // warned about once each
  private long timer = -1;

  public DiscoveredBackends(Vertx vertx, ServiceRegistry registry, LiveRouteTable live, Duration refresh) {
    this.vertx = vertx;
    this.registry = registry;
    this.live = live;
    this.refresh = refresh;
  }

  /** Completes after the first refresh (which may fail: the lists then start empty). */
  public Future<Void> start() {
    Objects.requireNonNull(registry, "registry == null");
    timer = vertx.setPeriodic(refresh.toMillis(), id -> refresh());
    return refresh().recover(e -> Future.succeededFuture());
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Whether {@code service} has been looked up at least once (else {@link #instances} knows nothing yet). */
  public boolean knows(String service) {
    return registry == null || instances.containsKey(service);
  }

  /**
   * Looks {@code service} up now, for a table that has just started routing to it: its first request waits for
   * one lookup instead of finding no instance before the next periodic refresh. Concurrent callers share it.
   */
  public Future<Void> lookUpNow(String service) {
    return pending.computeIfAbsent(service, name -> registry.lookup(name)
        .map(found -> {
          instances.putIfAbsent(name, allowed(name, found));
          return (Void) null;
        })
        .recover(e -> {
          LOG.warn("discovery lookup of {} failed; the periodic refresh will retry: {}", name, e.getMessage());
          instances.putIfAbsent(name, List.of());
          return Future.succeededFuture();
        })
        .onComplete(done -> pending.remove(name)));
  }

  /** The instances of {@code service} as last seen; empty when none are known. */
  public List<URI> instances(String service) {
    return instances.getOrDefault(service, List.of());
  }

  Future<Void> refresh() {
    List<String> services = live.current().definition().backends().values().stream()
        .map(BackendDefinition::service).filter(Objects::nonNull).distinct().toList();
    List<Future<Void>> lookups = services.stream().map(name -> registry.lookup(name)
        .map(found -> {
          List<URI> uris = allowed(name, found);
          List<URI> before = instances.put(name, uris);
          if (!uris.equals(before)) {
            LOG.info("service {}: {} instance(s) {}", name, uris.size(), uris);
          }
          return (Void) null;
        })
        .onFailure(e -> LOG.warn("discovery lookup of {} failed, keeping {} known instance(s): {}",
            name, instances(name).size(), e.getMessage()))).toList();
    instances.keySet().retainAll(services);
    return Future.join(lookups).mapEmpty();
  }

  /** The instances' addresses, sorted, less those at a restricted address the service's backends do not allow. */
  private List<URI> allowed(String service, List<ServiceInstance> found) {
    RestrictedAddresses restricted = live.restricted();
    boolean allowAll = live.current().definition().backends().values().stream()
        .anyMatch(b -> service.equals(b.service()) && b.allowRestrictedAddress());
    return found.stream().map(ServiceInstance::uri).filter(uri -> {
      String reason = allowAll ? null : restricted.reason(uri);
      if (reason != null && ignored.add(uri)) {
        LOG.warn("service {}: ignoring the instance at {}, {} (allowRestrictedAddress is not set)", service, uri, reason);
      }
      return reason == null;
    }).sorted().toList();
  }
}
