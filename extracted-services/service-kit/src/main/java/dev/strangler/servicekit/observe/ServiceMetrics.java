package dev.strangler.servicekit.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.List;

/**
 * A service's Prometheus metrics: Vert.x's own (HTTP server requests by method, route and status;
 * clients by peer; pools) through vertx-micrometer-metrics, and the JVM's, scraped at {@value #PATH}.
 */
public final class ServiceMetrics {

  public static final String PATH = "/metrics";
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** The meters of the service's own listeners: never tagged by the caller's address. */
  private static final List<String> SERVER_METERS = List.of("vertx.http.server.", "vertx.net.server.");
  private static final String REMOTE = Label.REMOTE.toString();

  public ServiceMetrics() {
    registry.config().meterFilter(callersUntagged());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** A Vert.x instance that reports into this registry; metrics must be wired when Vert.x is built. */
  public Vertx newVertx(VertxOptions options) {
    // Route, not path: one series per route template, never one per SKU. Pools by type and name, clients by remote
    // address: without them every pool (the workers, each peer's HTTP pool) and every peer's client claim the same
    // untagged series, all but the first are dropped with a warning, and Prometheus refuses the tagged ones. The
    // remote address comes off the server side's meters (callersUntagged), where it would be each caller's port.
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_ROUTE, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.REMOTE));
    return Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  /** Serves the scrape at {@value #PATH}. */
  public Router install(Router router) {
    router.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(registry.scrape()));
    return router;
  }

  private static MeterFilter callersUntagged() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getTag(REMOTE) == null || SERVER_METERS.stream().noneMatch(id.getName()::startsWith)) {
          return id;
        }
        List<Tag> kept = id.getTags().stream().filter(tag -> !tag.getKey().equals(REMOTE)).toList();
        return id.replaceTags(kept);
      }
    };
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
