package dev.strangler.proxy.edge;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The one list of headers that never cross the edge as sent: hop-by-hop headers and the proxy's own namespace. */
public final class HeaderPolicy {

  /**
   * Prefix of the proxy's control, debug and identity headers. Whatever a client sends under it is removed
   * before anything else runs, so only the proxy itself can set one towards a backend.
   */
  public static final String PROXY_NAMESPACE = "X-Strangler-";

  /** RFC 9110 §7.6.1 hop-by-hop headers plus the non-standard Proxy-Connection; removed both ways. */
  public static final List<String> HOP_BY_HOP = List.of(
      "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
      "Proxy-Authenticate", "Proxy-Authorization");

  /**
   * Request headers some frameworks read as the real path or method: IIS's and Symfony's {@code X-Original-URL} and
   * {@code X-Rewrite-URL}, the method overrides of Express, Laravel, Spring's and others' filters. The proxy routes,
   * caches, rate-limits and checks sessions by the request line, so a backend honouring one would run another request
   * than the one judged here (a cached GET that the backend ran as a DELETE, a public path that it served as
   * {@code /admin}). Removed from every request.
   */
  public static final List<String> REQUEST_OVERRIDES = List.of(
      "X-Original-URL", "X-Rewrite-URL", "X-Override-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

  /**
   * Never removed because {@code Connection} names them: they frame and address the message, and no sender has
   * a legitimate reason to make them hop-by-hop (the proxy re-frames the body itself anyway).
   */
  static final Set<String> NOT_NOMINABLE = Set.of("host", "content-length");

  private static final HeaderNames HOP_BY_HOP_NAMES = HeaderNames.of(HOP_BY_HOP);
  private static final HeaderNames REQUEST_OVERRIDE_NAMES = HeaderNames.of(REQUEST_OVERRIDES);
  private static final HeaderNames NO_NAMES = HeaderNames.of(List.of());

  private HeaderPolicy() {}

  /**
   * Removes hop-by-hop headers, every header named in {@code Connection}, the proxy's namespace and the
   * {@link #REQUEST_OVERRIDES}, from a request. On a WebSocket upgrade {@code Connection} and {@code Upgrade} are kept:
   * vertx-http-proxy tunnels the handshake with them.
   */
  static void strip(MultiMap headers, boolean webSocketUpgrade) {
    strip(headers, webSocketUpgrade, true, REQUEST_OVERRIDE_NAMES);
  }

  /** Removes every header in the proxy's namespace; the proxy adds its own afterwards. */
  public static void stripNamespace(MultiMap headers) {
    stripPrefix(headers, PROXY_NAMESPACE);
  }

  /** Removes every header whose name starts with {@code prefix}, ignoring case. */
  public static void stripPrefix(MultiMap headers, String prefix) {
    removeWhere(headers, name -> name.regionMatches(true, 0, prefix, 0, prefix.length()));
  }

  /**
   * Removes every header named in {@code names}: one pass over the headers, and a removal only for those present (most
   * requests carry none), rather than one hashed lookup per listed name.
   */
  public static void removeNamed(MultiMap headers, HeaderNames names) {
    removeWhere(headers, names::contains);
  }

  /**
   * As {@link #strip(MultiMap, boolean)}; {@code namespace} false keeps the proxy's namespace, for responses, where
   * the routing interceptor has already replaced the backend's with the proxy's own debug headers.
   */
  static void strip(MultiMap headers, boolean webSocketUpgrade, boolean namespace) {
    strip(headers, webSocketUpgrade, namespace, NO_NAMES);
  }

  private static void strip(MultiMap headers, boolean webSocketUpgrade, boolean namespace, HeaderNames also) {
    List<String> doomed = null;
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.equalsIgnoreCase("connection")) {
        for (String token : header.getValue().split(",")) {
          String nominated = token.trim();
          if (!nominated.isEmpty() && !NOT_NOMINABLE.contains(nominated.toLowerCase(Locale.ROOT))) {
            doomed = add(doomed, nominated);
          }
        }
      }
      if (HOP_BY_HOP_NAMES.contains(name) || also.contains(name)
          || namespace && name.regionMatches(true, 0, PROXY_NAMESPACE, 0, PROXY_NAMESPACE.length())) {
        doomed = add(doomed, name);
      }
    }
    if (doomed == null) {
      return;
    }
    for (String name : doomed) {
      if (!(webSocketUpgrade && (name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Upgrade")))) {
        headers.remove(name);
      }
    }
  }

  private static List<String> add(List<String> list, String name) {
    List<String> to = list == null ? new ArrayList<>(4) : list;
    to.add(name);
    return to;
  }

  /** Removes every header whose name {@code doomed} accepts, after the pass: a MultiMap must not change while it is iterated. */
  private static void removeWhere(MultiMap headers, Predicate<String> doomed) {
    List<String> names = null;
    for (Map.Entry<String, String> header : headers) {
      if (doomed.test(header.getKey())) {
        names = add(names, header.getKey());
      }
    }
    if (names != null) {
      names.forEach(headers::remove);
    }
  }
}
