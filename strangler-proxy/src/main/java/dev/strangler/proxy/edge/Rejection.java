package dev.strangler.proxy.edge;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Why the edge refused a request, answered as an RFC 9457 problem; the connection is always closed afterwards
 * because a client that sent one malformed request may have framed the next one differently than we think.
 *
 * @param status 400, 414 or 431
 * @param title the status' reason phrase
 * @param detail what was wrong with this request, in words a client developer can act on (never a stack trace)
 */
record Rejection(int status, String title, String detail) {

  static final String CONTENT_TYPE = dev.strangler.proxy.forward.ProblemResponses.CONTENT_TYPE;

  Rejection {
    Objects.requireNonNull(title, "title == null");
    Objects.requireNonNull(detail, "detail == null");
  }

  static Rejection badRequest(String detail) {
    return new Rejection(400, "Bad Request", detail);
  }

  static Rejection uriTooLong(String detail) {
    return new Rejection(414, "URI Too Long", detail);
  }

  static Rejection headersTooLarge(String detail) {
    return new Rejection(431, "Request Header Fields Too Large", detail);
  }

  JsonObject toJson() {
    return dev.strangler.proxy.forward.ProblemResponses.json(status, title, detail);
  }

  /** Answers the request with this problem, then closes its connection; the body is never read. */
  Future<Void> sendTo(HttpServerRequest request) {
    return request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(toJson().encode())
        .eventually(() -> request.connection().close());
  }
}
