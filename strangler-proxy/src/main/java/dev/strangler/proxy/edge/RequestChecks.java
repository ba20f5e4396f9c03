package dev.strangler.proxy.edge;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/** What every well-framed public request must also satisfy before it is forwarded; the first failure wins. */
final class RequestChecks {

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
    int count = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      if (++count > maxHeaderCount) {
        return Rejection.headersTooLarge("at most " + maxHeaderCount + " header fields are accepted");
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
}
