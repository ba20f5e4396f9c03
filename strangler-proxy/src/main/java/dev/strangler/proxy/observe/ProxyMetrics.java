package dev.strangler.proxy.observe;

import dev.strangler.proxy.cache.CacheEvents;
import dev.strangler.proxy.capture.CaptureEvents;
import dev.strangler.proxy.forward.ForwardingEvents;
import dev.strangler.proxy.idempotency.IdempotencyEvents;
import dev.strangler.proxy.overload.Overload;
import dev.strangler.proxy.overload.OverloadEvents;
import dev.strangler.proxy.overload.ShedReason;
import dev.strangler.proxy.ratelimit.RateLimitEvents;
import dev.strangler.proxy.shadow.ShadowEvents;
import dev.strangler.proxy.shadow.ShadowOutcome;
import dev.strangler.proxy.shadow.ShadowResults;
import dev.strangler.proxy.shadow.ShadowSummary;
import dev.strangler.proxy.table.LiveRouteTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's Prometheus metrics: requests and latency per route, backend and status class
 * ({@code strangler_requests_seconds}, a histogram), the applied route table epoch, the safety net
 * (ejections, breaker transitions, fallbacks to the monolith), the response cache (hits, misses, bypasses, answers
 * kept, evictions), rate limits (allowed, limited, Redis errors), the traffic capture (exchanges recorded, dropped by
 * reason), idempotency keys (outcomes per route), shadow comparisons (outcomes, drops, errors and latency per side, results a lagging Redis cost),
 * overload protection (requests shed by reason, route and backend, refused connections, requests in flight, the
 * shedding signals), and JVM metrics.
 */
public final class ProxyMetrics implements ForwardingEvents, CacheEvents, RateLimitEvents, CaptureEvents, ShadowEvents,
    IdempotencyEvents, OverloadEvents {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Timer[]>> timers = new ConcurrentHashMap<>();
  /** Per-request counters by name and tag values, so the hot path finds a registered counter without the registry. */
  private final ConcurrentHashMap<java.util.List<String>, Counter> counters = new ConcurrentHashMap<>();
  /** Shadow latency timers by route and side. */
  private final ConcurrentHashMap<java.util.List<String>, Timer> shadowTimers = new ConcurrentHashMap<>();

  public ProxyMetrics(LiveRouteTable live) {
    registry.gauge("strangler_route_table_epoch", live, l -> l.current().epoch());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** One request done; {@code backend} is {@value dev.strangler.proxy.forward.DebugHeaders#SELF} when the proxy answered itself. */
  public void record(String route, String backend, int status, long nanos) {
    // Nested lookups, so the hot path allocates nothing once a route/backend/class has been seen.
    int statusClass = Math.min(Math.max(status / 100, 1), 5);
    Timer[] byClass = timers.computeIfAbsent(route, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(backend, b -> new Timer[6]);
    Timer timer = byClass[statusClass];
    if (timer == null) {
      timer = Timer.builder("strangler_requests")
          .description("requests served, by route, backend and status class")
          .tag("route", route).tag("backend", backend).tag("status", statusClass + "xx")
          .publishPercentileHistogram()
          .register(registry); // Micrometer returns the same timer for the same tags
      byClass[statusClass] = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }


  @Override
  public void ejected(String backend, URI url, Duration period) {
    registry.counter("strangler_ejections", "backend", backend).increment();
  }

  @Override
  public void breaker(String backend, boolean open) {
    registry.counter("strangler_breaker_transitions", "backend", backend, "state", open ? "open" : "closed").increment();
  }

  @Override
  public void fellBack(String route, String backend) {
    registry.counter("strangler_fallbacks", "route", route, "backend", backend).increment();
  }

  @Override
  public void bodyStalled(String route, String backend) {
    counter("strangler_backend_body_stalls", "route", route, "backend", backend).increment();
  }

  @Override
  public void served(String route, CacheEvents.Outcome outcome) {
    counter("strangler_cache_requests", "route", route, "result", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
  }

  @Override
  public void stored(String route) {
    counter("strangler_cache_stored", "route", route).increment();
  }

  @Override
  public void evicted(String stream, String tag, long entries) {
    counter("strangler_cache_evictions", "stream", stream, "tag", tag).increment();
    counter("strangler_cache_evicted_entries", "stream", stream, "tag", tag).increment(entries);
  }

  @Override
  public void redisError(String operation) {
    counter("strangler_cache_redis_errors", "operation", operation).increment();
  }

  @Override
  public void allowed(String route) {
    counter("strangler_ratelimit_requests", "route", route, "result", "allowed").increment();
  }

  @Override
  public void idempotency(String route, IdempotencyEvents.Outcome outcome) {
    counter("strangler_idempotency", "route", route, "outcome", outcome.label()).increment();
  }

  @Override
  public void limited(String route) {
    counter("strangler_ratelimit_requests", "route", route, "result", "limited").increment();
  }

  @Override
  public void redisError(String route, boolean failedOpen) {
    counter("strangler_ratelimit_redis_errors", "route", route, "failed", failedOpen ? "open" : "closed").increment();
  }

  @Override
  public void recorded(String route) {
    counter("strangler_capture_recorded", "route", route).increment();
  }

  @Override
  public void dropped(String route, CaptureEvents.DropReason reason) {
    counter("strangler_capture_dropped", "route", route, "reason", reason.tag()).increment();
  }

  @Override
  public void compared(ShadowOutcome outcome) {
    String route = outcome.routeId();
    String result = outcome.comparison().outcome().name().toLowerCase(java.util.Locale.ROOT);
    counter("strangler_shadow_comparisons", "route", route, "outcome", result).increment();
    if (outcome.sandboxed()) {
      counter("strangler_shadow_sandboxed_comparisons", "route", route, "outcome", result).increment();
    }
    shadowSide(route, ShadowSummary.LEGACY_SIDE, outcome.legacy());
    shadowSide(route, ShadowSummary.CANDIDATE_SIDE, outcome.candidate());
  }

  private void shadowSide(String route, String side, ShadowOutcome.Side answer) {
    if (answer.answered()) {
      shadowTimers.computeIfAbsent(java.util.List.of(route, side), k -> Timer.builder("strangler_shadow_latency")
            .description("shadowed requests' latency, by route and side (legacy or candidate)")
            .tag("route", route).tag("side", side).publishPercentileHistogram().register(registry))
          .record(answer.latencyNanos(), TimeUnit.NANOSECONDS);
    }
    if (answer.failed()) {
      counter("strangler_shadow_errors", "route", route, "side", side).increment();
    }
  }

  @Override
  public void dropped(String route, ShadowResults.DropReason reason) {
    counter("strangler_shadow_dropped", "route", route, "reason", ShadowSummary.name(reason)).increment();
  }

  @Override
  public void lost(String route, ShadowEvents.Lost what, long count) {
    counter("strangler_shadow_results_lost", "route", route, "what", what.name().toLowerCase(java.util.Locale.ROOT)).increment(count);
  }

  @Override
  public void shed(ShedReason reason, String route, String backend) {
    counter("strangler_shed", "reason", reason.tag(), "route", route, "backend", backend == null ? "" : backend).increment();
  }

  @Override
  public void connectionRefused() {
    counter("strangler_connections_refused").increment();
  }

  @Override
  public void backendTracked(String backend, java.util.function.IntSupplier inFlight) {
    Gauge.builder("strangler_backend_in_flight", inFlight, s -> s.getAsInt()).tag("backend", backend)
        .description("requests in flight to a backend, over every event loop").strongReference(true).register(registry);
  }

  /** When the certificate a TLS listener serves expires (Unix time), so an alert can come before it does. */
  public void watch(dev.strangler.proxy.edge.CertificateWatch certificate, String listener) {
    Gauge.builder("strangler_tls_certificate_not_after_seconds", certificate,
            dev.strangler.proxy.edge.CertificateWatch::notAfterSeconds)
        .tag("listener", listener).description("when the certificate served on the listener expires, in Unix time")
        .register(registry);
  }

  /** Exposes {@code overload}'s gauges: requests in flight and the cap, open connections, the heap signal, lagging loops. */
  public void watch(Overload overload) {
    Gauge.builder("strangler_in_flight", overload, Overload::inFlight).description("requests in flight in the process")
        .register(registry);
    Gauge.builder("strangler_in_flight_max", overload, Overload::maxInFlight).register(registry);
    Gauge.builder("strangler_connections_open", overload, o -> o.connections().open()).register(registry);
    Gauge.builder("strangler_heap_after_gc_ratio", overload, Overload::heapAfterGc)
        .description("share of the maximum heap in use after the latest garbage collection").register(registry);
    Gauge.builder("strangler_shedding", overload, o -> o.heapPressed() ? 1 : 0).tag("signal", ShedReason.HEAP_PRESSURE.tag())
        .register(registry);
    Gauge.builder("strangler_shedding", overload, Overload::laggingLoops).tag("signal", ShedReason.EVENT_LOOP_LAG.tag())
        .description("1 while heap pressure sheds; event loops shedding for their lag").register(registry);
  }

  private Counter counter(String name, String... tags) {
    java.util.List<String> key = new java.util.ArrayList<>(tags.length + 1);
    key.add(name);
    key.addAll(java.util.Arrays.asList(tags));
    return counters.computeIfAbsent(key, k -> registry.counter(name, tags));
  }

  /** The text exposition format Prometheus scrapes. */
  public String scrape() {
    return registry.scrape();
  }
}
