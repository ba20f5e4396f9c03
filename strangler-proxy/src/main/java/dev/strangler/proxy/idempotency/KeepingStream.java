package dev.strangler.proxy.idempotency;

import dev.strangler.proxy.forward.ForwardingReadStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Function;

/**
 * A first keyed request's response body streaming to the client while a copy is kept up to a cap; its last chunk and
 * its end are passed on only once the copy is stored ({@code keep}, given the copy or null past the cap): a client that
 * has the whole answer may retry at once, and must then find it kept rather than still in progress. (With a declared
 * length, the last byte completes the response for the client, so holding back the end alone would not do.) A failed
 * body calls {@code failed}. A 5xx answer passes through one with a cap of 0 so that it ends only once its claim is
 * let go.
 */
final class KeepingStream extends ForwardingReadStream {

  private final long cap;
  private final Function<Buffer, Future<?>> keep;
  private final Runnable failed;
  private Buffer copy = Buffer.buffer();
  /** The latest chunk, passed on when the next one comes or once the copy is stored. */
  private Buffer last;
  private Handler<Buffer> data;

  KeepingStream(ReadStream<Buffer> source, long cap, Function<Buffer, Future<?>> keep, Runnable failed) {
    super(source);
    this.cap = cap;
    this.keep = keep;
    this.failed = failed;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    data = handler;
    source.handler(handler == null ? null : chunk -> {
      if (copy != null) {
        if (copy.length() + (long) chunk.length() > cap) {
          copy = null; // let go at once: a large body must not be held while it streams
        } else {
          copy.appendBuffer(chunk);
        }
      }
      Buffer previous = last;
      last = chunk;
      if (previous != null) {
        handler.handle(previous);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(e -> {
      failed.run();
      if (handler != null) {
        handler.handle(e);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(v -> {
      Buffer kept = copy;
      copy = null;
      // Stored or not (Redis down: the claim then expires with its lock), the client gets its answer.
      keep.apply(kept).onComplete(ar -> {
        if (last != null && data != null) {
          data.handle(last);
        }
        last = null;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      });
    });
    return this;
  }
}
