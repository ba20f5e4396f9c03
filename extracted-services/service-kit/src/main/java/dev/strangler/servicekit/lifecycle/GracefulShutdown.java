package dev.strangler.servicekit.lifecycle;

import dev.strangler.servicekit.ServiceRegistration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a service in the order that loses no request: out of discovery first (the proxy stops
 * choosing it), then the HTTP server stops accepting and lets in-flight requests finish within the
 * grace period, then resources close (Redis…). Runs once, however often it is asked; {@link
 * #installHook} runs it on SIGTERM / Ctrl-C.
 */
public final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final Duration grace;
  private ServiceRegistration registration;
  private HttpServer server;
  private final List<Step> resources = new ArrayList<>();
  private Future<Void> stopped;

  private record Step(String name, Supplier<Future<?>> action) {}

  public GracefulShutdown(Duration grace) {
    this.grace = Objects.requireNonNull(grace, "grace == null");
  }

  public synchronized GracefulShutdown registration(ServiceRegistration registration) {
    this.registration = registration;
    return this;
  }

  public synchronized GracefulShutdown server(HttpServer server) {
    this.server = server;
    return this;
  }

  /** A resource closed after the server, in the order added. */
  public synchronized GracefulShutdown resource(String name, Supplier<Future<?>> close) {
    resources.add(new Step(name, close));
    return this;
  }

  /** Runs the shutdown (once); completes when every step is done, failed steps logged and skipped. */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      LOG.info("graceful shutdown: leaving discovery, then draining requests for up to {} ms", grace.toMillis());
      Future<Void> chain = step("unregister", () -> registration == null ? Future.succeededFuture() : registration.stop())
          .compose(v -> step("http server", () -> server == null ? Future.succeededFuture()
              : server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS)));
      for (Step resource : List.copyOf(resources)) {
        chain = chain.compose(v -> step(resource.name(), resource.action()));
      }
      stopped = chain.onComplete(ar -> LOG.info("graceful shutdown complete"));
    }
    return stopped;
  }

  /** Runs {@link #stop()} then closes Vert.x when the JVM is asked to exit, waiting at most grace + 10 s. */
  public Thread installHook(Vertx vertx) {
    Thread hook = new Thread(() -> {
      try {
        stop().toCompletionStage().toCompletableFuture().get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("graceful shutdown did not finish in time: {}", e.toString());
      }
    }, "graceful-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static Future<Void> step(String name, Supplier<Future<?>> action) {
    Future<?> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.<Void>mapEmpty().recover(e -> {
      LOG.warn("shutdown step '{}' failed: {}", name, e.toString());
      return Future.succeededFuture();
    });
  }
}
