package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.BackendDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the URLs of a backend to try for one request: round-robin over its URLs or over its live
 * instances in discovery, leaving out instances ejected as outliers. An instance that fails
 * {@value #EJECT_AFTER} times in a row is ejected for {@link #FIRST_EJECTION}, doubling each time up
 * to {@link #MAX_EJECTION}; the last healthy instance is never ejected (if all are, all are tried).
 * One per event loop: its state is confined to that loop's thread.
 */
final class Backends {

  /** Consecutive failures (no connection, a timeout, a 5xx) that eject an instance. */
  static final int EJECT_AFTER = 3;
  static final Duration FIRST_EJECTION = Duration.ofSeconds(1);
  static final Duration MAX_EJECTION = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private final Map<String, AtomicInteger> next = new HashMap<>();
  private final Map<URI, Health> health = new HashMap<>();
  private final DiscoveredBackends discovered;
  private final LongSupplier nanoClock;
  private final ForwardingEvents events;

  Backends(DiscoveredBackends discovered, ForwardingEvents events) {
    this(discovered, System::nanoTime, events);
  }

  Backends(DiscoveredBackends discovered, LongSupplier nanoClock, ForwardingEvents events) {
    this.discovered = discovered;
    this.nanoClock = nanoClock;
    this.events = events;
  }

  /** Per-instance failure record. */
  private static final class Health {
    int consecutiveFailures;
    int ejections;
    long ejectedUntil;
  }

  /** The URLs to try, in order (the first is this request's round-robin pick); empty when the backend has none. */
  List<URI> candidates(String name, BackendDefinition backend) {
    if (backend == null) {
      return List.of();
    }
    List<URI> urls = urls(backend);
    if (urls.isEmpty()) {
      return List.of();
    }
    int start = Math.floorMod(next.computeIfAbsent(name, n -> new AtomicInteger()).getAndIncrement(), urls.size());
    long now = nanoClock.getAsLong();
    List<URI> healthy = new ArrayList<>(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      URI url = urls.get((start + i) % urls.size());
      Health h = health.get(url);
      if (h == null || h.ejectedUntil <= now) {
        healthy.add(url);
      }
    }
    if (!healthy.isEmpty()) {
      return healthy;
    }
    List<URI> all = new ArrayList<>(urls.size()); // every one ejected: never leave the backend with none
    for (int i = 0; i < urls.size(); i++) {
      all.add(urls.get((start + i) % urls.size()));
    }
    return all;
  }

  void failed(String backend, URI url) {
    Health h = health.computeIfAbsent(url, u -> new Health());
    if (++h.consecutiveFailures >= EJECT_AFTER) {
      h.consecutiveFailures = 0;
      h.ejections++;
      Duration period = FIRST_EJECTION.multipliedBy(1L << Math.min(h.ejections - 1, 16));
      if (period.compareTo(MAX_EJECTION) > 0) {
        period = MAX_EJECTION;
      }
      h.ejectedUntil = nanoClock.getAsLong() + period.toNanos();
      LOG.warn("ejected {} of {} for {} after {} failures in a row (ejection #{})", url, backend, period, EJECT_AFTER, h.ejections);
      events.ejected(backend, url, period);
    }
  }

  void succeeded(URI url) {
    Health h = health.get(url);
    if (h != null) {
      h.consecutiveFailures = 0;
      if (h.ejectedUntil <= nanoClock.getAsLong()) {
        health.remove(url);
      }
    }
  }

  /** One instance's standing, as seen by this event loop. */
  record InstanceHealth(int consecutiveFailures, int ejections, long ejectedForMillis) {}

  /** Instances with a failure record, for the admin view; ejectedForMillis is 0 when not ejected now. */
  Map<URI, InstanceHealth> health() {
    long now = nanoClock.getAsLong();
    Map<URI, InstanceHealth> out = new HashMap<>();
    health.forEach((url, h) -> out.put(url, new InstanceHealth(h.consecutiveFailures, h.ejections,
        Math.max(0, Duration.ofNanos(h.ejectedUntil - now).toMillis()))));
    return out;
  }

  /** The URLs {@code backend} routes to now: its fixed URLs or its live instances in discovery. */
  List<URI> urls(BackendDefinition backend) {
    return backend.service() != null ? discovered.instances(backend.service()) : backend.urls();
  }

  boolean isEjected(URI url) {
    Health h = health.get(url);
    return h != null && h.ejectedUntil > nanoClock.getAsLong();
  }
}
