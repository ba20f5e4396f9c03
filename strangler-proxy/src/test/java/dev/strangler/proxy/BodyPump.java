package dev.strangler.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a large body in copies of one chunk, respecting back-pressure, so the writer never holds more than a chunk. */
public final class BodyPump {

  private BodyPump() {}

  /** Writes {@code size} bytes (a whole number of chunks) of {@code chunk} to {@code out}. */
  public static Future<Void> pump(Vertx vertx, WriteStream<Buffer> out, Buffer chunk, long size) {
    Promise<Void> done = Promise.promise();
    AtomicLong left = new AtomicLong(size);
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      while (left.get() > 0 && !out.writeQueueFull()) {
        out.write(chunk.copy());
        left.addAndGet(-chunk.length());
      }
      if (left.get() <= 0) {
        done.tryComplete();
      } else {
        out.drainHandler(v -> step[0].run());
      }
    };
    vertx.runOnContext(v -> step[0].run());
    return done.future();
  }
}
