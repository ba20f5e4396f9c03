package dev.strangler.proxy.edge;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * What every well-framed public request must also satisfy before it is forwarded; the first failure wins. Where nginx
 * refuses a request Netty accepts (a lower-case method, a header name that is no token, a missing, repeated or
 * malformed Host), it is refused here too: two parsers reading such a request differently is how smuggling starts.
 */
final class RequestChecks {

  /** Methods are case-sensitive tokens; nginx accepts upper-case letters, '_' and '-' only, and so do we. */
  private static final String METHOD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-";
  /** RFC 9110 §5.6.2 token characters. */
  private static final String TOKEN_CHARS = "!#$%&'*+.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-";
  /** RFC 3986 reg-name characters (unreserved, sub-delims and '%'): Host's uri-host when it is no IPv6 literal. */
  private static final String REG_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~!$&'()*+,;=%-";
  /** Inside an IPv6 literal's brackets. */
  private static final String IP_LITERAL_CHARS = "0123456789ABCDEFabcdef:.";

  // Character tables, not regular expressions: these run for every request and every header name (the patterns
  // they replaced cost about 2 % of the proxy's CPU on a plain route). RequestChecksTest holds the patterns as the spec.
  private static final boolean[] METHOD = table(METHOD_CHARS);
  private static final boolean[] TOKEN = table(TOKEN_CHARS);
  private static final boolean[] REG_NAME = table(REG_NAME_CHARS);
  private static final boolean[] IP_LITERAL = table(IP_LITERAL_CHARS);
  private static final int MAX_METHOD_LENGTH = 32;
  private static final int MAX_PORT_DIGITS = 5;

  private final int maxHeaderCount;

  RequestChecks(int maxHeaderCount) {
    this.maxHeaderCount = maxHeaderCount;
  }

  /** Null when the request may be forwarded, else the reason it may not. */
  Rejection check(HttpServerRequest request) {
    if (request.method() == HttpMethod.CONNECT) {
      // A reverse proxy has no business opening tunnels; 400 rather than 405 since no Allow list would be honest.
      return Rejection.badRequest("CONNECT is not supported");
    }
    String method = request.method().name();
    if (method.length() > MAX_METHOD_LENGTH || !allIn(METHOD, method, 0, method.length())) {
      return Rejection.badRequest("the method must be upper-case letters (methods are case-sensitive)");
    }
    Rejection host = checkHost(request);
    if (host != null) {
      return host;
    }
    int count = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      if (++count > maxHeaderCount) {
        return Rejection.headersTooLarge("at most " + maxHeaderCount + " header fields are accepted");
      }
      if (!isToken(header.getKey())) {
        return Rejection.badRequest("a header name must be a token (letters, digits and !#$%&'*+-.^`|~)");
      }
      if (header.getKey().indexOf('_') >= 0) {
        // CGI-style backends map '-' and '_' to the same variable: X_Forwarded_For would pass as X-Forwarded-For.
        return Rejection.badRequest("header names must not contain '_'");
      }
    }
    try {
      RequestTarget.parse(request.uri());
      return null;
    } catch (RequestTarget.Refused e) {
      return Rejection.badRequest(e.getMessage());
    }
  }

  private static Rejection checkHost(HttpServerRequest request) {
    List<String> hosts = request.headers().getAll("Host");
    if (hosts.size() > 1) {
      return Rejection.badRequest("Host must appear once");
    }
    if (hosts.isEmpty()) {
      return request.version() == HttpVersion.HTTP_1_0 ? null : Rejection.badRequest("an HTTP/1.1 request must carry Host");
    }
    return isHost(hosts.get(0).trim()) ? null : Rejection.badRequest("Host must be a host name or address and an optional port");
  }

  static boolean isToken(String name) {
    return allIn(TOKEN, name, 0, name.length());
  }

  /** RFC 9110 §7.2 Host: uri-host [ ":" port ], the host a reg-name, IPv4 or bracketed IPv6 literal. */
  static boolean isHost(String host) {
    int end = host.length();
    int portColon;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !allIn(IP_LITERAL, host, 1, close)) {
        return false;
      }
      portColon = close + 1;
    } else {
      portColon = 0;
      while (portColon < end && isIn(REG_NAME, host.charAt(portColon))) {
        portColon++;
      }
      if (portColon == 0) {
        return false;
      }
    }
    if (portColon == end) {
      return true;
    }
    return host.charAt(portColon) == ':' && end - portColon - 1 <= MAX_PORT_DIGITS && allDigits(host, portColon + 1, end);
  }

  /** True when {@code text[from, to)} is not empty and every character is in {@code table}. */
  private static boolean allIn(boolean[] table, String text, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isIn(table, text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIn(boolean[] table, char c) {
    return c < table.length && table[c];
  }

  private static boolean[] table(String chars) {
    boolean[] table = new boolean[128];
    chars.chars().forEach(c -> table[c] = true);
    return table;
  }
}
