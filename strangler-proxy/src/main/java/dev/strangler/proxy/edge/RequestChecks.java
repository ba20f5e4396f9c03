package dev.strangler.proxy.edge;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every well-framed public request must also satisfy before it is forwarded; the first failure wins. Where nginx
 * refuses a request Netty accepts (a lower-case method, a header name that is no token, a missing, repeated or
 * malformed Host), it is refused here too: two parsers reading such a request differently is how smuggling starts.
 */
final class RequestChecks {

  /** Methods are case-sensitive tokens; nginx accepts upper-case letters, '_' and '-' only, and so do we. */
  private static final Pattern METHOD = Pattern.compile("[A-Z_-]{1,32}");
  /** RFC 9110 §5.6.2 token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** RFC 9110 §7.2 Host: uri-host [ ":" port ], the host a reg-name, IPv4 or bracketed IPv6 literal. */
  private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:[0-9]{0,5})?");

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
    if (!METHOD.matcher(request.method().name()).matches()) {
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
      if (!TOKEN.matcher(header.getKey()).matches()) {
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
    return HOST.matcher(hosts.get(0).trim()).matches() ? null : Rejection.badRequest("Host must be a host name or address and an optional port");
  }
}
