package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;

/**
 * A body stream that watches the chunks of another as they pass: flow control and errors go straight
 * to the source; subclasses see each chunk and the end.
 */
public abstract class ForwardingReadStream implements ReadStream<Buffer> {

  protected final ReadStream<Buffer> source;

  protected ForwardingReadStream(ReadStream<Buffer> source) {
    this.source = Objects.requireNonNull(source, "source == null");
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }
}
