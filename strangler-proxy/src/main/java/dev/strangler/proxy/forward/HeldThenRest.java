package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body whose first part was held ({@link HeldAnswer}) and whose rest is still on its paused source: the held part goes
 * out at the reader's first demand, then the source flows under the reader's control. A failure of the source that came
 * before anyone listened is passed to the first exception handler set.
 */
final class HeldThenRest extends ForwardingReadStream {

  private Buffer first;
  private Handler<Buffer> handler;
  private Throwable earlyFailure;
  private boolean paused;

  HeldThenRest(Buffer first, ReadStream<Buffer> pausedSource) {
    super(pausedSource);
    this.first = first;
  }

  /** The source failed while nobody read this stream yet. */
  void failedBeforeRead(Throwable failure) {
    earlyFailure = failure;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    source.handler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler);
    if (handler != null && earlyFailure != null) {
      Throwable failure = earlyFailure;
      earlyFailure = null;
      handler.handle(failure);
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    if (amount <= 0) {
      return this;
    }
    paused = false;
    long left = amount;
    if (first != null) {
      if (handler == null) {
        return this; // nothing to give it to yet: the source stays paused until someone reads
      }
      Buffer out = first;
      first = null;
      handler.handle(out);
      if (paused) {
        return this; // the reader paused on the held part (its write queue is full)
      }
      left = amount == Long.MAX_VALUE ? amount : amount - 1;
    }
    if (left == Long.MAX_VALUE) {
      source.resume();
    } else if (left > 0) {
      source.fetch(left);
    }
    return this;
  }
}
