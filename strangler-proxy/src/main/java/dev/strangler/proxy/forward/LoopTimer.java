package dev.strangler.proxy.forward;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot timer scheduled straight on a Vert.x context's event loop and run on that context, for the timers of the
 * forwarding path (an answer's head, its body's idle gaps): armed and cancelled on the event loop by every request, and
 * almost never fired. Vert.x's {@code setTimer}/{@code cancelTimer} also enter each timer in a map the whole process
 * shares and register it as a close hook of its context: that bookkeeping was about 1 µs of the proxy's CPU per 1 KiB
 * request on the plain route (two timers per request, profiled; Netty's own scheduling was a tenth of it). Not
 * thread-safe: use it on its context's event loop only.
 */
final class LoopTimer {

  private final ContextInternal context;
  private ScheduledFuture<?> pending;

  LoopTimer(Context context) {
    this.context = (ContextInternal) Objects.requireNonNull(context, "context == null");
  }

  /** Runs {@code task} on the context after {@code delayNanos}, instead of any task still pending. */
  void arm(long delayNanos, Runnable task) {
    cancel();
    pending = context.nettyEventLoop().schedule(() -> {
      pending = null;
      context.emit(v -> task.run());
    }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  boolean armed() {
    return pending != null;
  }

  /** Drops the pending task, if any. */
  void cancel() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }
}
