package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body streaming on unchanged (same chunks, same flow control) while a copy of it is kept up to a cap. The sink
 * hears once: {@link Sink#overflowed()} the moment the cap is passed (the copy is let go, the body streams on), or
 * {@link Sink#ended} with the copy at the end, or with null when the body failed or had overflowed.
 */
public class BoundedTee extends ForwardingReadStream {

  /** What becomes of the copy. */
  public interface Sink {
    /** The body passed the cap: no copy. */
    default void overflowed() {}

    /** The body ended: the whole copy, or null when it failed or overflowed. */
    void ended(Buffer copy);
  }

  private final long cap;
  private final Sink sink;
  private Buffer copy = Buffer.buffer();
  private boolean done;

  public BoundedTee(ReadStream<Buffer> source, long cap, Sink sink) {
    super(source);
    this.cap = cap;
    this.sink = sink;
  }

  @Override
  public final ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : chunk -> {
      if (copy != null) {
        if (copy.length() + (long) chunk.length() > cap) {
          copy = null; // let go at once: a large body must not be held while it streams
          sink.overflowed();
        } else {
          copy.appendBuffer(chunk);
        }
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public final ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(e -> {
      finish(null);
      if (handler != null) {
        handler.handle(e);
      }
    });
    return this;
  }

  @Override
  public final ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(v -> {
      finish(copy); // before passing the end on: the primary's answer may follow at once
      if (endHandler != null) {
        endHandler.handle(v);
      }
    });
    return this;
  }

  private void finish(Buffer result) {
    if (!done) {
      done = true;
      copy = null;
      sink.ended(result);
    }
  }
}
