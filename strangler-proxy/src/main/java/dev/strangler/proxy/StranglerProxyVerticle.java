package dev.strangler.proxy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.httpproxy.HttpProxy;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Serves public traffic: every request is forwarded, streaming, to the monolith. */
public final class StranglerProxyVerticle extends VerticleBase {

  private final ProxyOptions options;
  private HttpServer server;

  public StranglerProxyVerticle(ProxyOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
  }

  @Override
  public Future<?> start() {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) options.connectTimeout().toMillis())
        .setIdleTimeout((int) options.responseTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setSsl("https".equals(options.legacy().getScheme())));
    HttpProxy proxy = HttpProxy.reverseProxy(client)
        .origin(options.legacyPort(), options.legacy().getHost())
        .addInterceptor(new ForwardedHeaders());
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(options.publicHost())
            .setPort(options.publicPort())
            .setIdleTimeout(60))
        .requestHandler(proxy)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The port actually bound (useful when the options asked for 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
