package dev.strangler.proxy.forward;

import dev.strangler.proxy.edge.HeaderNames;
import dev.strangler.proxy.edge.HeaderPolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes X-Forwarded-For/-Proto/-Host and RFC 7239 {@code Forwarded} from the proxy's own view of
 * the connection (vertx-http-proxy 5.0 adds none). At the edge ({@code trustedHops} = 0) whatever
 * the client sent is dropped; behind N trusted load balancers the last N X-Forwarded-For entries
 * (theirs) are kept, with their proto and host, and the peer's address is appended.
 */
public final class ForwardedHeaders implements ProxyInterceptor {

  /**
   * Headers only the proxy (or, for X-Forwarded-For/-Proto/-Host, a trusted load balancer) may set; whatever a client
   * sent under these names is removed. Besides the ones the proxy writes, the names other proxies and CDNs use for the
   * client's address and scheme, which backends and their frameworks honour (Spring's {@code X-Forwarded-Prefix},
   * Akamai's {@code True-Client-IP}, Cloudflare's {@code CF-Connecting-IP}...): sent by a client they would be a
   * spoofed address, or a scheme or prefix reflected into links that the cache could keep for everyone.
   */
  public static final List<String> UNTRUSTED = List.of(
      "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
      "X-Forwarded-Scheme", "X-Forwarded-Ssl", "X-Forwarded-Server", "X-Forwarded-Prefix", "X-Url-Scheme",
      "Front-End-Https", "X-Real-IP", "X-Client-IP", "True-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP",
      "X-Cluster-Client-IP", "X-Original-Forwarded-For");

  private static final HeaderNames UNTRUSTED_NAMES = HeaderNames.of(UNTRUSTED);

  /** The client's address as the proxy trusts it: the first entry it keeps, else the peer's. */
  static final ContextKey<String> CLIENT = ContextKey.of("clientAddress", String.class);

  private final int trustedHops;

  public ForwardedHeaders(int trustedHops) {
    if (trustedHops < 0) {
      throw new IllegalArgumentException("trustedHops < 0: " + trustedHops);
    }
    this.trustedHops = trustedHops;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest incoming = context.request().proxiedRequest();
    MultiMap headers = context.request().headers();
    String proto = incoming.isSSL() ? "https" : "http";
    String host = incoming.authority() == null ? null : incoming.authority().toString();
    String peer = incoming.remoteAddress() == null ? null : incoming.remoteAddress().hostAddress();
    List<String> chain;
    if (trustedHops == 0) {
      chain = peer == null ? List.of() : List.of(peer); // at the edge: the peer alone, whatever the client sent
    } else {
      List<String> sent = incoming.headers().getAll("X-Forwarded-For").stream()
          .flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
      chain = new ArrayList<>(sent.subList(Math.max(0, sent.size() - trustedHops), sent.size()));
      if (!sent.isEmpty()) {
        proto = firstOr(incoming.getHeader("X-Forwarded-Proto"), proto);
        host = firstOr(incoming.getHeader("X-Forwarded-Host"), host);
      }
      if (peer != null) {
        chain.add(peer);
      }
    }
    if (!chain.isEmpty()) {
      CLIENT.set(context, chain.get(0));
    }
    HeaderPolicy.removeNamed(headers, UNTRUSTED_NAMES);
    if (!chain.isEmpty()) {
      headers.set("X-Forwarded-For", chain.size() == 1 ? chain.get(0) : String.join(", ", chain));
    }
    headers.set("X-Forwarded-Proto", proto);
    if (host != null) {
      headers.set("X-Forwarded-Host", host);
    }
    headers.set("Forwarded", forwarded(chain, proto, host));
    return context.sendRequest();
  }

  /** The client's address as the proxy trusts it (never an entry a client could have added), or null when unknown. */
  public static String client(ProxyContext context) {
    return CLIENT.get(context);
  }

  static String forwarded(List<String> chain, String proto, String host) {
    if (chain.isEmpty()) {
      return "proto=" + proto;
    }
    StringBuilder elements = new StringBuilder(64);
    for (int i = 0; i < chain.size(); i++) {
      String node = chain.get(i);
      elements.append(i == 0 ? "for=" : ", for=");
      if (node.indexOf(':') >= 0) {
        elements.append("\"[").append(node).append("]\"");
      } else {
        elements.append(node);
      }
    }
    elements.append(";proto=").append(proto);
    if (host != null) {
      elements.append(";host=\"").append(host).append('"');
    }
    return elements.toString();
  }

  private static String firstOr(String value, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return value.split(",")[0].trim();
  }
}
