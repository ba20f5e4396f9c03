package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A backend's answer body that fails when it sends nothing for {@code idle} while its reader wants more (nginx's
 * {@code proxy_read_timeout}): the request's {@link ResponseTimeout} stops at the answer's head, so a body that stalls
 * after it would otherwise hold the client and a pooled connection for ever. The clock restarts on every chunk and runs
 * only while a reader is set and has demand: a reader that paused the body (its client reads slowly, the pipe's
 * back-pressure) is not a stalled backend. On a stall the reader gets a {@link TimeoutException} first, then {@code cut}
 * breaks the backend's answer off (its connection is closed, never pooled again).
 */
final class BodyIdleTimeout extends ForwardingReadStream {

  private final LoopTimer timer;
  private final long idleNanos;
  private final Runnable cut;
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  /** Chunks the reader asked for and has not had yet; 0 while paused (as the backend's body is handed over). */
  private long demand;
  private long since;
  /** Whether the clock runs: a reader is set and wants more (as of the last call that changed it). */
  private boolean running;
  private boolean done;

  /**
   * {@code source} is a backend's answer body, paused, read on {@code context}; {@code cut} is called once, after the reader
   * heard of a stall.
   */
  BodyIdleTimeout(ReadStream<Buffer> source, Context context, Duration idle, Runnable cut) {
    super(source);
    this.timer = new LoopTimer(context);
    this.idleNanos = idle.toNanos();
    this.cut = cut;
    // Always ours, so the clock stops however the body ends, even after its reader let go of it.
    source.exceptionHandler(this::failed);
    source.endHandler(this::ended);
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    source.handler(handler == null ? null : this::chunk);
    clock();
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    endHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    clock();
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    demand = Long.MAX_VALUE;
    clock();
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    if (amount > 0) {
      demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
      clock();
    }
    source.fetch(amount);
    return this;
  }

  private void chunk(Buffer chunk) {
    since = System.nanoTime();
    if (demand != Long.MAX_VALUE && demand > 0) {
      demand--;
      clock();
    }
    handler.handle(chunk);
  }

  /**
   * Starts the clock from now when the body goes from not read (no reader, paused, no demand) to read; pausing costs
   * nothing: the timer stays armed and, when it fires while nobody reads, only checks again one idle span later. So a body
   * paused and resumed by back-pressure many times per answer schedules one timer, not one per pause. The timer is
   * dropped when the body ends or its reader lets go of it.
   */
  private void clock() {
    boolean run = reading();
    if (run && !running) {
      since = System.nanoTime();
      if (!timer.armed()) {
        arm(idleNanos);
      }
    } else if ((done || handler == null) && timer.armed()) {
      timer.cancel(); // ended, or its reader let go of it: nothing to look at any more
    }
    running = run;
  }

  private boolean reading() {
    return !done && handler != null && demand > 0;
  }

  /** Checks in {@code nanos}: re-armed from the latest chunk (or resumption) rather than on every chunk. */
  private void arm(long nanos) {
    timer.arm(nanos, () -> {
      if (done) {
        return;
      }
      if (!reading()) {
        arm(idleNanos); // nobody reads now: not a stall; look again later (resuming restarts the clock)
        return;
      }
      long idleFor = System.nanoTime() - since;
      if (idleFor < idleNanos) {
        arm(idleNanos - idleFor);
        return;
      }
      done = true;
      Handler<Throwable> reader = exceptionHandler;
      if (reader != null) {
        reader.handle(new TimeoutException("the backend's answer sent no body bytes for "
            + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms"));
      }
      cut.run();
    });
  }

  private void failed(Throwable failure) {
    if (done) {
      return; // the cut that followed a stall: the reader heard of it already
    }
    done = true;
    clock();
    if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    }
  }

  private void ended(Void v) {
    done = true;
    clock();
    if (endHandler != null) {
      endHandler.handle(v);
    }
  }
}
