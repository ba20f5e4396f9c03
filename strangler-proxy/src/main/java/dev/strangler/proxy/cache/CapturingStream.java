package dev.strangler.proxy.cache;

import dev.strangler.proxy.forward.BoundedTee;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * A response body streaming to the client while a copy of it is kept, up to a cap: past the cap the copy is dropped
 * and the body goes on streaming. When the body has ended in full within the cap, {@code onComplete} gets the copy;
 * a failed or cut body never reaches it.
 */
final class CapturingStream extends BoundedTee {

  CapturingStream(ReadStream<Buffer> source, long cap, Consumer<Buffer> onComplete) {
    super(source, cap, copy -> {
      if (copy != null) {
        onComplete.accept(copy);
      }
    });
  }
}
