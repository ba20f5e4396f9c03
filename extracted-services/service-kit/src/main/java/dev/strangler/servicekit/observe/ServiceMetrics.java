package dev.strangler.servicekit.observe;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * A service's Prometheus metrics: Vert.x's own (HTTP server requests by method, route and status;
 * clients; pools) through vertx-micrometer-metrics, and the JVM's, scraped at {@value #PATH}.
 */
public final class ServiceMetrics {

  public static final String PATH = "/metrics";
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public ServiceMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** A Vert.x instance that reports into this registry; metrics must be wired when Vert.x is built. */
  public Vertx newVertx(VertxOptions options) {
    // Route, not path: one series per route template, never one per SKU. Pools by type and name: without them every
    // pool (the workers, each peer's HTTP pool) claims the same untagged series, all but the first are dropped with a
    // warning, and Prometheus refuses the HTTP pools' tagged ones. Not the remote address: on the server side it
    // would tag every request with the caller's.
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_ROUTE, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
    return Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  /** Serves the scrape at {@value #PATH}. */
  public Router install(Router router) {
    router.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(registry.scrape()));
    return router;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
