package dev.strangler.proxy;

import dev.strangler.proxy.edge.ListenerTls;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one proxy process from the environment (see {@link ProxyConfig} for every setting). */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    NettyBuffers.preferPooled(); // first: Netty reads it when its first buffer class loads
    ProxySettings settings;
    try {
      settings = ProxyConfig.fromEnvironment(System.getenv());
    } catch (ProxyConfig.InvalidConfigException e) {
      e.problems().forEach(p -> LOG.error("config: {}", p));
      System.exit(2);
      return;
    }
    EventLoopTransport choice = settings.proxy().transport();
    Vertx vertx;
    try {
      vertx = choice.vertx(new VertxOptions());
    } catch (EventLoopTransport.UnavailableTransportException e) {
      LOG.error("config: {} {}", ProxyConfig.ENV_TRANSPORT, e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("event loop transport: {}", choice.describe());
    LOG.info("buffers: {}", NettyBuffers.describe());
    ListenerTls adminTls = settings.admin() == null ? null : settings.admin().tls();
    if (!usable(settings.proxy().publicTls(), ProxyConfig.ENV_PUBLIC_TLS_CERT_FILE + "/" + ProxyConfig.ENV_PUBLIC_TLS_KEY_FILE, vertx)
        | !usable(adminTls, ProxyConfig.ENV_ADMIN_TLS_CERT_FILE + "/" + ProxyConfig.ENV_ADMIN_TLS_KEY_FILE
            + (adminTls != null && adminTls.clientCa() != null ? "/" + ProxyConfig.ENV_ADMIN_TLS_CLIENT_CA_FILE : ""), vertx)) {
      vertx.close().await();
      System.exit(2);
      return;
    }
    if (settings.proxy().backendTrust() != null) {
      try {
        settings.proxy().backendTrust().getTrustManagerFactory(vertx);
      } catch (Exception e) {
        LOG.error("config: {}: can't trust {}: {}", ProxyConfig.ENV_BACKEND_CA_FILE, settings.proxy().backendCa(), e.getMessage());
        vertx.close().await();
        System.exit(2);
        return;
      }
    }
    ProxyApplication app = new ProxyApplication(vertx, settings);
    try {
      // Awaited here, on main: exiting from an event loop would deadlock with the shutdown hook, which needs it.
      app.start().await();
    } catch (RuntimeException e) {
      LOG.error("strangler proxy failed to start: {}", e.getMessage());
      vertx.close().await();
      System.exit(1);
      return;
    }
    Duration grace = settings.proxy().shutdownGrace();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(app, vertx, grace), "proxy-shutdown"));
  }

  /** Whether a listener's TLS files (if any) can serve; logs why not as a config problem naming the {@code settings}. */
  private static boolean usable(ListenerTls tls, String settings, Vertx vertx) {
    String problem = tls == null ? null : tls.problem(vertx);
    if (problem != null) {
      LOG.error("config: {}: {}", settings, problem);
    }
    return problem == null;
  }

  /**
   * On SIGTERM: drains and stops the application, then closes Vert.x from this thread. Not chained onto the stop's
   * future: that one completes on an event loop that Vert.x's close terminates, and the hook then never returned.
   */
  private static void stop(ProxyApplication app, Vertx vertx, Duration grace) {
    try {
      app.stop().toCompletionStage().toCompletableFuture()
          .get(grace.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("stopping did not finish in time: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("closing Vert.x did not finish in time: {}", e.toString());
    }
  }
}
