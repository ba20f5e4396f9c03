package dev.strangler.proxy.edge;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The first interceptor of the proxy: forwards the normalised target and applies {@link HeaderPolicy} both ways.
 * Being first means it strips before any later interceptor adds the proxy's own headers (X-Forwarded-*, the
 * {@code X-Strangler-} namespace), so {@code Connection: X-Forwarded-For} cannot remove what the proxy sets.
 */
final class EdgeHeaders implements ProxyInterceptor {

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    // The guard already accepted this target; parsing again keeps the two from drifting apart.
    RequestTarget target = RequestTarget.parse(context.request().proxiedRequest().uri());
    context.request().setURI(target.forwardedUri());
    HeaderPolicy.strip(context.request().headers(), context.isWebSocket());
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    boolean tunnel = context.isWebSocket() && context.response().getStatusCode() == 101;
    // The namespace was already cleaned by the routing interceptor, which answers before this one and adds the
    // proxy's own debug headers; removing them here would undo that.
    HeaderPolicy.strip(context.response().headers(), tunnel, false);
    passDateThrough(context);
    return context.sendResponse();
  }

  /**
   * The backend's {@code Date} reaches the client as the backend wrote it, as nginx passes it. vertx-http-proxy would
   * parse it and format it again on every answer (about 5 % of the proxy's CPU on a plain route); without one it writes
   * the current time instead, which the backend's value replaces just before the head goes out.
   */
  private static void passDateThrough(ProxyContext context) {
    String date = context.response().headers().get(HttpHeaders.DATE);
    if (date != null) {
      context.response().headers().remove(HttpHeaders.DATE);
      HttpServerResponse out = context.request().proxiedRequest().response();
      out.headersEndHandler(v -> out.headers().set(HttpHeaders.DATE, date));
    }
  }
}
