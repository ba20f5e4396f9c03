package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;

/**
 * The request body of a fallback route, held in memory so the same request can be sent to the
 * monolith after the extracted side failed. Only bodies whose length is declared and within the cap
 * are held (and requests without a body); a chunked or larger body, or one behind
 * {@code Expect: 100-continue}, streams as usual and can then only fall back before anything was sent.
 */
final class ReplayableBody {

  /** A request without a body. */
  private static final ReplayableBody NONE = new ReplayableBody(null);

  private final Buffer body;

  private ReplayableBody(Buffer body) {
    this.body = body;
  }

  /** The held body, or a null result when this request's body can't be held within {@code maxBytes}. */
  static Future<ReplayableBody> capture(ProxyRequest request, long maxBytes) {
    HttpServerRequest incoming = request.proxiedRequest();
    if (maxBytes <= 0 || request.getBody() == null || incoming.headers().contains(HttpHeaders.EXPECT)
        || incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return Future.succeededFuture();
    }
    String declared = incoming.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return Future.succeededFuture(NONE);
    }
    long length = Long.parseLong(declared.trim()); // the edge has already refused a malformed Content-Length
    if (length > maxBytes) {
      return Future.succeededFuture();
    }
    Future<Buffer> read = incoming.body();
    incoming.resume(); // vertx-http-proxy paused it to stream it later
    return read.map(ReplayableBody::new);
  }

  /** Puts a fresh copy of the body on {@code request}, ready to be sent (again). */
  void applyTo(ProxyRequest request) {
    request.setBody(body == null ? null : Body.body(body.copy()));
  }
}
