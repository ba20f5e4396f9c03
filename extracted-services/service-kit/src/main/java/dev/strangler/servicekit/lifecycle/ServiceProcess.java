package dev.strangler.servicekit.lifecycle;

import dev.strangler.servicekit.observe.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service application as a process runs it: {@link #serve} builds Vert.x with metrics, starts the application,
 * and hands its graceful stop to the JVM's exit; a failed start stops what did start and closes Vert.x.
 */
public interface ServiceProcess {

  /** Exit code of a start that failed. */
  int START_FAILED = 1;

  Future<?> start();

  /** Stops gracefully through {@link #shutdown()}: out of discovery, in-flight requests drained, resources closed. */
  default Future<Void> stop() {
    return shutdown() == null ? Future.succeededFuture() : shutdown().stop();
  }

  /** The graceful stop {@link #start()} set up. */
  GracefulShutdown shutdown();

  /**
   * Runs the application {@code create} makes until SIGTERM; yields 0 once it serves (the process then lives on
   * Vert.x's threads), {@link #START_FAILED} when it could not start.
   */
  static int serve(String name, BiFunction<Vertx, ServiceMetrics, ServiceProcess> create) {
    Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    ServiceMetrics metrics = new ServiceMetrics();
    Vertx vertx = metrics.newVertx(new VertxOptions());
    ServiceProcess app = create.apply(vertx, metrics);
    try {
      app.start().await();
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", name, e.getMessage());
      app.stop().eventually(vertx::close).await();
      return START_FAILED;
    }
    app.shutdown().installHook(vertx);
    CommandExit.serving();
    return 0;
  }
}
