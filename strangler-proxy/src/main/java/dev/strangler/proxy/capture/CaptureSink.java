package dev.strangler.proxy.capture;

import dev.strangler.proxy.redis.LoopRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Where one proxy's captured lines go: {@code XADD <prefix>capture MAXLEN ~ maxEntries * route R line L}, one entry per
 * exchange. Nobody waits for a write: at most {@code maxPending} are outstanding for the whole proxy, and a line over
 * that, or one Redis fails or doesn't take in time, is dropped and counted. Shared by the event loops; each writes
 * through a {@link Writer} of its own.
 */
public final class CaptureSink {

  /** The stream entry's field holding the route id (so an export can pick one route without parsing lines). */
  public static final String ROUTE_FIELD = "route";
  /** The stream entry's field holding the capture line ({@code CaptureLines.write}). */
  public static final String LINE_FIELD = "line";

  private final CaptureOptions options;
  private final CaptureEvents events;
  private final AtomicInteger pending = new AtomicInteger();

  public CaptureSink(CaptureOptions options, CaptureEvents events) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.events = Objects.requireNonNull(events, "events == null");
  }

  public CaptureOptions options() {
    return options;
  }

  /** A writer for the calling event loop, with a Redis connection of its own. */
  public Writer writer(Vertx vertx) {
    LoopRedis redis = new LoopRedis(vertx, options.redisUrl(), options.timeout(), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE);
    return new Writer(redis::send, redis::close);
  }

  /** Writes outstanding now, across event loops. */
  int pending() {
    return pending.get();
  }

  /** Writes one event loop's lines; confined to it. */
  public final class Writer {

    private final Function<Request, Future<Response>> send;
    private final java.util.function.Supplier<Future<Void>> close;

    Writer(Function<Request, Future<Response>> send, java.util.function.Supplier<Future<Void>> close) {
      this.send = send;
      this.close = close;
    }

    /** Appends {@code line} unless too many writes are outstanding; never fails, never makes anyone wait. */
    public void write(String route, String line) {
      if (pending.incrementAndGet() > options.maxPending()) {
        pending.decrementAndGet();
        events.dropped(route, CaptureEvents.DropReason.BACKLOG);
        return;
      }
      Request xadd = Request.cmd(Command.XADD).arg(options.streamKey()).arg("MAXLEN").arg("~").arg(options.maxEntries())
          .arg("*").arg(ROUTE_FIELD).arg(route).arg(LINE_FIELD).arg(line);
      send.apply(xadd).onComplete(ar -> {
        pending.decrementAndGet();
        if (ar.succeeded()) {
          events.recorded(route);
        } else {
          events.dropped(route, CaptureEvents.DropReason.REDIS);
        }
      });
    }

    public Future<Void> close() {
      return close.get();
    }
  }
}
