package dev.strangler.proxy.capture;

import dev.strangler.proxy.forward.ForwardingReadStream;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body streaming on unchanged while its first {@code cap} bytes are copied aside; past the cap the rest only streams
 * and the copy says it was cut. Flow control is the source's: the copy never pauses or slows it.
 */
final class BoundedCopy extends ForwardingReadStream {

  private final int cap;
  private final Buffer copy = Buffer.buffer();
  private boolean truncated;
  private boolean ended;

  BoundedCopy(ReadStream<Buffer> source, long cap) {
    super(source);
    this.cap = (int) Math.min(cap, Integer.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : chunk -> {
      int room = cap - copy.length();
      if (chunk.length() <= room) {
        copy.appendBuffer(chunk);
      } else {
        if (room > 0) {
          copy.appendBuffer(chunk, 0, room);
        }
        truncated = true;
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(v -> {
      ended = true;
      if (endHandler != null) {
        endHandler.handle(v);
      }
    });
    return this;
  }

  byte[] bytes() {
    return copy.getBytes();
  }

  /** More came than the cap. */
  boolean truncated() {
    return truncated;
  }

  /** The body was read to its end (a request answered by the proxy itself may never be). */
  boolean ended() {
    return ended;
  }
}
