package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Opens the request to the backend the routing decision picked, with the route's timeouts. When a
 * connection can't be opened, nothing has been sent yet, so the next candidate instance is tried —
 * safe for every method; each failure counts towards ejecting that instance.
 */
final class UpstreamOrigin implements OriginRequestProvider {

  /**
   * Where to send one request, and how long to wait.
   *
   * @param primaryCount how many of the candidates belong to the routed backend; the rest are the
   *     monolith's, tried only when none of those accepted a connection (fallback to legacy)
   */
  record Origin(String backend, List<URI> candidates, int primaryCount, Duration connectTimeout, Duration responseTimeout,
                Backends backends) {
    /** The backend a candidate belongs to: the routed one, or the monolith for fallback candidates. */
    String backendOf(int index) {
      return index < primaryCount ? backend : dev.strangler.proxy.route.Target.LEGACY_BACKEND;
    }
  }

  static final ContextKey<Origin> ORIGIN = ContextKey.of("origin", Origin.class);
  /** The URL the request was finally sent to. */
  static final ContextKey<URI> SENT_TO = ContextKey.of("sentTo", URI.class);
  /** The backend the URL it was sent to belongs to. */
  static final ContextKey<String> SENT_TO_BACKEND = ContextKey.of("sentToBackend", String.class);
  /** Set when the request went to the monolith because no instance of the routed backend could be reached. */
  static final ContextKey<Boolean> FELL_BACK = ContextKey.of("fellBack", Boolean.class);

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    Origin origin = ORIGIN.get(context);
    if (origin == null || origin.candidates().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("no origin decided for this request"));
    }
    return attempt(context, origin, 0);
  }

  private Future<HttpClientRequest> attempt(ProxyContext context, Origin origin, int index) {
    URI url = origin.candidates().get(index);
    return context.client().request(new RequestOptions()
            .setHost(url.getHost())
            .setPort(port(url))
            .setSsl("https".equals(url.getScheme()))
            .setConnectTimeout(origin.connectTimeout().toMillis())
            .setIdleTimeout(origin.responseTimeout().toMillis()))
        .onSuccess(request -> {
          SENT_TO.set(context, url);
          SENT_TO_BACKEND.set(context, origin.backendOf(index));
          if (index >= origin.primaryCount()) {
            FELL_BACK.set(context, Boolean.TRUE);
          }
        })
        .recover(failure -> {
          origin.backends().failed(origin.backendOf(index), url);
          return index + 1 < origin.candidates().size() ? attempt(context, origin, index + 1) : Future.failedFuture(failure);
        });
  }

  static int port(URI url) {
    return url.getPort() != -1 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
  }
}
