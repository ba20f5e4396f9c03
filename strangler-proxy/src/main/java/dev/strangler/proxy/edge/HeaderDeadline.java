package dev.strangler.proxy.edge;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have not all arrived in time, however steadily the bytes
 * trickle in: the idle timeout alone never fires against a slowloris client that sends one byte every few seconds.
 */
final class HeaderDeadline {

  private final long nanos;
  private ScheduledFuture<?> timer;

  HeaderDeadline(Duration timeout) {
    this.nanos = timeout.toNanos();
  }

  /** Starts the clock unless it is already running; a zero timeout disables the deadline. */
  void arm(ChannelHandlerContext ctx) {
    if (timer == null && nanos > 0) {
      timer = ctx.executor().schedule(() -> ctx.channel().close(), nanos, TimeUnit.NANOSECONDS);
    }
  }

  boolean armed() {
    return timer != null;
  }

  void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
