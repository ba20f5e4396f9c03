package dev.strangler.proxy;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one proxy instance from the environment. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    ProxyOptions options;
    try {
      options = ProxyConfig.fromEnvironment(System.getenv());
    } catch (ProxyConfig.InvalidConfigException e) {
      e.problems().forEach(p -> LOG.error("config: {}", p));
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    StranglerProxyVerticle proxy = new StranglerProxyVerticle(options);
    vertx.deployVerticle(proxy)
        .onSuccess(id -> LOG.info("strangler proxy listening on {}:{}, legacy at {}", options.publicHost(), proxy.actualPort(), options.legacy()))
        .onFailure(e -> {
          LOG.error("strangler proxy failed to start: {}", e.getMessage());
          vertx.close();
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "proxy-shutdown"));
  }
}
