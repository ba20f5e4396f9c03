package dev.strangler.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.List;

/**
 * Never trusts forwarding headers a client sent: drops them and writes the proxy's own view of the
 * connection (vertx-http-proxy 5.0 adds none itself).
 */
final class ForwardedHeaders implements ProxyInterceptor {

  /** Headers only the proxy may set; whatever a client sent under these names is removed. */
  static final List<String> UNTRUSTED = List.of(
      "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
      "X-Real-IP", "X-Client-IP");

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest incoming = context.request().proxiedRequest();
    MultiMap headers = context.request().headers();
    String originalHost = incoming.authority() == null ? null : incoming.authority().toString();
    UNTRUSTED.forEach(headers::remove);
    if (incoming.remoteAddress() != null) {
      headers.set("X-Forwarded-For", incoming.remoteAddress().hostAddress());
    }
    headers.set("X-Forwarded-Proto", incoming.isSSL() ? "https" : "http");
    if (originalHost != null) {
      headers.set("X-Forwarded-Host", originalHost);
    }
    return context.sendRequest();
  }
}
