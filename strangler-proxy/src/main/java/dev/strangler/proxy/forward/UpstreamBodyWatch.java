package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * A backend's response body on its way to the client, reporting once whether it arrived whole ({@code true} at its end)
 * or broke off part way ({@code false} on its failure): a backend that resets its answers after the status line would
 * otherwise look healthy to outlier detection and the breaker, since its status was fine.
 */
final class UpstreamBodyWatch extends ForwardingReadStream {

  private final Consumer<Boolean> outcome;
  private boolean reported;

  UpstreamBodyWatch(ReadStream<Buffer> source, Consumer<Boolean> outcome) {
    super(source);
    this.outcome = outcome;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler == null ? null : failure -> {
      report(false); // before the handler: it closes the client's connection, which would read as the client leaving
      handler.handle(failure);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    source.endHandler(handler == null ? null : v -> {
      report(true);
      handler.handle(v);
    });
    return this;
  }

  private void report(boolean whole) {
    if (!reported) {
      reported = true;
      outcome.accept(whole);
    }
  }
}
