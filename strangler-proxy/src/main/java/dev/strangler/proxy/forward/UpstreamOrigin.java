package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.net.URI;
import java.time.Duration;

/** Opens the request to the backend URL the routing decision picked, with the route's timeouts. */
final class UpstreamOrigin implements OriginRequestProvider {

  /** Where to send one request, and how long to wait. */
  record Origin(URI url, Duration connectTimeout, Duration responseTimeout) {
    int port() {
      return url.getPort() != -1 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    }
  }

  static final ContextKey<Origin> ORIGIN = ContextKey.of("origin", Origin.class);

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    Origin origin = ORIGIN.get(context);
    if (origin == null) {
      return Future.failedFuture(new IllegalStateException("no origin decided for this request"));
    }
    return context.client().request(new RequestOptions()
        .setHost(origin.url().getHost())
        .setPort(origin.port())
        .setSsl("https".equals(origin.url().getScheme()))
        .setConnectTimeout(origin.connectTimeout().toMillis())
        .setIdleTimeout(origin.responseTimeout().toMillis()));
  }
}
