package dev.strangler.proxy.cache;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import dev.strangler.proxy.forward.ForwardingReadStream;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * A response body streaming to the client while a copy of it is kept, up to a cap: past the cap the copy is dropped
 * and the body goes on streaming. When the body has ended in full within the cap, {@code onComplete} gets the copy;
 * a failed or cut body never reaches it.
 */
final class CapturingStream extends ForwardingReadStream {

  private final long cap;
  private final Consumer<Buffer> onComplete;
  private Buffer copy = Buffer.buffer();
  private boolean failed;

  CapturingStream(ReadStream<Buffer> source, long cap, Consumer<Buffer> onComplete) {
    super(source);
    this.cap = cap;
    this.onComplete = onComplete;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : chunk -> {
      if (copy != null) {
        if (copy.length() + chunk.length() > cap) {
          copy = null; // too large to keep: it only streams
        } else {
          copy.appendBuffer(chunk);
        }
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(e -> {
      failed = true;
      if (handler != null) {
        handler.handle(e);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler == null ? null : v -> {
      endHandler.handle(v);
      if (copy != null && !failed) {
        onComplete.accept(copy);
      }
    });
    return this;
  }
}
