package dev.strangler.proxy.capture;

import dev.strangler.proxy.redis.StreamFields;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Reads the capture stream a page at a time, oldest first, and clears it (all of it, or one route's entries). */
public final class CaptureStore {

  /** Entries read per XRANGE: a page is what an export holds in memory at once. */
  public static final int PAGE_SIZE = 500;
  /** One Redis call of the admin API may take this long. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** One stream entry: its id, route and capture line. */
  public record Entry(String id, String route, String line) {}

  /**
   * One page of entries and where the next starts.
   *
   * @param next the start of the next page ({@code (<last id>}, exclusive), or null when this page is the last
   */
  public record Page(List<Entry> entries, String next) {}

  private final Redis redis;
  private final String key;
  private final Duration timeout;

  public CaptureStore(Redis redis, String streamKey, Duration timeout) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.key = Objects.requireNonNull(streamKey, "streamKey == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
  }

  /**
   * Up to {@link #PAGE_SIZE} entries from {@code start}: {@code -} for the oldest, {@code <ms>-<seq>} inclusive,
   * {@code (<ms>-<seq>} exclusive.
   */
  public Future<Page> page(String start) {
    return send(Request.cmd(Command.XRANGE).arg(key).arg(start).arg("+").arg("COUNT").arg(PAGE_SIZE)).map(reply -> {
      List<Entry> entries = new ArrayList<>();
      if (reply != null) {
        for (Response entry : reply) {
          Map<String, String> fields = StreamFields.of(entry.get(1));
          entries.add(new Entry(entry.get(0).toString(), fields.get(CaptureSink.ROUTE_FIELD),
              fields.get(CaptureSink.LINE_FIELD)));
        }
      }
      String next = entries.size() < PAGE_SIZE ? null : "(" + entries.get(entries.size() - 1).id();
      return new Page(entries, next);
    });
  }

  /** Deletes the whole capture; how many entries it held. */
  public Future<Long> clear() {
    return send(Request.cmd(Command.XLEN).arg(key)).compose(length ->
        send(Request.cmd(Command.DEL).arg(key)).map(v -> length == null ? 0L : length.toLong()));
  }

  /** Deletes {@code route}'s entries, page by page; how many there were. */
  public Future<Long> clear(String route) {
    return clear(route, "-", 0);
  }

  private Future<Long> clear(String route, String start, long deleted) {
    return page(start).compose(page -> {
      List<String> ids = page.entries().stream().filter(e -> route.equals(e.route())).map(Entry::id).toList();
      Future<Long> removed = ids.isEmpty() ? Future.succeededFuture(0L) : send(xdel(ids)).map(Response::toLong);
      return removed.compose(n -> page.next() == null ? Future.succeededFuture(deleted + n)
          : clear(route, page.next(), deleted + n));
    });
  }

  private Request xdel(List<String> ids) {
    Request request = Request.cmd(Command.XDEL).arg(key);
    ids.forEach(request::arg);
    return request;
  }

  private Future<Response> send(Request request) {
    return redis.send(request).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
