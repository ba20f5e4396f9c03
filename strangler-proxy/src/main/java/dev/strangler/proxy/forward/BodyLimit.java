package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that may not exceed a route's limit while it streams. A body declaring a larger
 * Content-Length never gets here (413 first); a chunked one that grows past the limit is cut: the
 * chunk that crosses it is never forwarded and {@code onExceeded} closes the client's connection,
 * so the backend sees an incomplete request, never an oversized one.
 */
final class BodyLimit extends ForwardingReadStream {

  private final long limit;
  private final Runnable onExceeded;
  private long seen;
  private boolean exceeded;

  BodyLimit(ReadStream<Buffer> source, long limit, Runnable onExceeded) {
    super(source);
    this.limit = limit;
    this.onExceeded = onExceeded;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : chunk -> {
      if (exceeded) {
        return;
      }
      seen += chunk.length();
      if (seen > limit) {
        exceeded = true;
        onExceeded.run();
      } else {
        handler.handle(chunk);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler == null ? null : v -> {
      if (!exceeded) {
        endHandler.handle(v);
      }
    });
    return this;
  }
}
