package dev.strangler.proxy.idempotency;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import dev.strangler.proxy.forward.ProblemResponses;
import io.vertx.httpproxy.ProxyRequest;

/**
 * A keyed request's body, read in full (up to a cap) before anything is forwarded: its fingerprint must be known before
 * the key is claimed, and the held copy is what the backend then gets.
 */
final class HeldBody {

  /** The body is larger than the cap. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body over the cap", null, false, false);
    }
  }

  private HeldBody() {}

  /**
   * The body of {@code request} (empty when it has none), put back on the request to be forwarded; fails with
   * {@link TooLarge} past {@code maxBytes}, as soon as the declared length or the bytes read so far say so.
   */
  static Future<Buffer> read(ProxyRequest request, long maxBytes) {
    HttpServerRequest incoming = request.proxiedRequest();
    if (request.getBody() == null) {
      return Future.succeededFuture(Buffer.buffer());
    }
    String declared = incoming.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && Long.parseLong(declared.trim()) > maxBytes) { // the edge refused a malformed length
      return Future.failedFuture(new TooLarge());
    }
    if (incoming.headers().contains(HttpHeaders.EXPECT)) {
      // The client waits for a go-ahead before sending the body; the backend then gets it without the wait.
      request.headers().remove(HttpHeaders.EXPECT);
      incoming.response().writeContinue();
    }
    Promise<Buffer> read = Promise.promise();
    Buffer held = Buffer.buffer();
    // Read through the body as earlier steps left it (a capture records it as it passes), not the raw request.
    ReadStream<Buffer> body = request.getBody().stream();
    body.handler(chunk -> {
      if (read.future().isComplete()) {
        return; // over the cap: the rest is drained, not held
      }
      if (held.length() + (long) chunk.length() > maxBytes) {
        read.tryFail(new TooLarge());
      } else {
        held.appendBuffer(chunk);
      }
    });
    body.exceptionHandler(read::tryFail);
    body.endHandler(v -> read.tryComplete(held));
    body.resume(); // vertx-http-proxy paused it to stream it later
    return read.future().onSuccess(bytes -> request.setBody(ProblemResponses.bodyKeepingContentType(bytes)));
  }
}
