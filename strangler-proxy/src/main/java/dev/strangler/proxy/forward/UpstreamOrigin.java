package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.session.IdentityHeaders;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opens the request to the backend the routing decision picked, with the route's timeouts. When a
 * connection can't be opened, nothing has been sent yet, so the next candidate instance is tried —
 * safe for every method; each failure counts towards ejecting that instance.
 */
final class UpstreamOrigin implements OriginRequestProvider {

  /**
   * Where to send one request, and how long to wait.
   *
   * @param backend the routed backend, which {@code primary} belongs to
   * @param fallback the monolith's URLs, asked for only when no primary URL accepted a connection
   *     (fallback to legacy); null when the route may not fall back
   */
  record Origin(String backend, List<URI> primary, Supplier<List<URI>> fallback, Duration connectTimeout,
                Duration responseTimeout, Backends backends) {}

  static final ContextKey<Origin> ORIGIN = ContextKey.of("origin", Origin.class);
  /** The URL the request was finally sent to. */
  static final ContextKey<URI> SENT_TO = ContextKey.of("sentTo", URI.class);
  /** The backend the URL it was sent to belongs to. */
  static final ContextKey<String> SENT_TO_BACKEND = ContextKey.of("sentToBackend", String.class);
  /** The clock of the request last opened, until its answer's head. */
  static final ContextKey<ResponseTimeout> RESPONSE_TIMEOUT = ContextKey.of("responseTimeout", ResponseTimeout.class);
  /** Set when the request went to the monolith because no instance of the routed backend could be reached. */
  static final ContextKey<Boolean> FELL_BACK = ContextKey.of("fellBack", Boolean.class);

  /** Stops the response timeout of the request last opened: its answer's head came, or it failed. */
  static void answered(ProxyContext context) {
    ResponseTimeout clock = RESPONSE_TIMEOUT.get(context);
    if (clock != null) {
      clock.stop();
    }
  }

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    Origin origin = ORIGIN.get(context);
    if (origin == null) {
      return Future.failedFuture(new IllegalStateException("no origin decided for this request"));
    }
    return origin.primary().isEmpty()
        ? fallBack(context, origin, new IllegalStateException("backend '" + origin.backend() + "' has no URL"))
        : attempt(context, origin, origin.primary(), 0, false);
  }

  private Future<HttpClientRequest> attempt(ProxyContext context, Origin origin, List<URI> urls, int index, boolean fallingBack) {
    URI url = urls.get(index);
    String backend = fallingBack ? Target.LEGACY_BACKEND : origin.backend();
    return context.client().request(new RequestOptions()
            .setHost(url.getHost())
            .setPort(BackendDefinition.port(url))
            .setSsl("https".equals(url.getScheme()))
            .setConnectTimeout(origin.connectTimeout().toMillis()))
        .onSuccess(request -> {
          RESPONSE_TIMEOUT.set(context, ResponseTimeout.start(request, url, origin.responseTimeout()));
          SENT_TO.set(context, url);
          SENT_TO_BACKEND.set(context, backend);
          if (fallingBack) {
            FELL_BACK.set(context, Boolean.TRUE);
          }
        })
        .recover(failure -> {
          if (!UpstreamCall.poolFull(failure)) { // a full wait queue is the proxy's own state, not the instance's failure
            origin.backends().failed(backend, url);
          }
          if (index + 1 < urls.size()) {
            return attempt(context, origin, urls, index + 1, fallingBack);
          }
          return fallingBack ? Future.failedFuture(failure) : fallBack(context, origin, failure);
        });
  }

  private Future<HttpClientRequest> fallBack(ProxyContext context, Origin origin, Throwable failure) {
    List<URI> legacy = origin.fallback() == null ? List.of() : origin.fallback().get();
    if (legacy.isEmpty()) {
      return Future.failedFuture(failure);
    }
    // The identity was signed for the extracted backend; the monolith reads its own session.
    IdentityHeaders.strip(context.request().headers());
    return attempt(context, origin, legacy, 0, true);
  }
}
