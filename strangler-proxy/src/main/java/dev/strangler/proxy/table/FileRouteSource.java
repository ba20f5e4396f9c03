package dev.strangler.proxy.table;

import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteTableCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route table from a YAML or JSON file, watched: each accepted edit becomes the next local epoch;
 * a bad edit is refused with every problem logged and the last good table keeps serving.
 * The file is checked every {@code pollInterval} (default {@link #DEFAULT_POLL_INTERVAL}): portable, unlike file watchers.
 */
public final class FileRouteSource {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(FileRouteSource.class);

  private final Vertx vertx;
  private final Path file;
  private final LiveRouteTable live;
  private final Duration pollInterval;
  private byte[] lastSeen;
  private long timer = -1;

  public FileRouteSource(Vertx vertx, Path file, LiveRouteTable live, Duration pollInterval) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.file = Objects.requireNonNull(file, "file == null");
    this.live = Objects.requireNonNull(live, "live == null");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval == null");
  }

  /** Loads the file; fails (with every problem) when it can't be read or is invalid, since there is no last good table yet. */
  public Future<Void> start() {
    return check().onSuccess(v -> timer = vertx.setPeriodic(pollInterval.toMillis(), id -> check()
        .onFailure(e -> { /* logged in check; the last good table stays */ })));
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private Future<Void> check() {
    return vertx.fileSystem().readFile(file.toString()).compose(buffer -> {
      byte[] bytes = buffer.getBytes();
      if (Arrays.equals(bytes, lastSeen)) {
        return Future.succeededFuture();
      }
      lastSeen = bytes;
      try {
        live.offer(live.current().epoch() + 1, RouteTableCodec.parse(buffer.toString()), "file " + file);
        return Future.<Void>succeededFuture();
      } catch (InvalidRouteTableException e) {
        if (live.lastRejection() == null) {
          LOG.error("route table file {} refused, still serving epoch {}: {}", file, live.current().epoch(),
              String.join("; ", e.problems()));
        }
        return Future.<Void>failedFuture(e);
      }
    }, e -> {
      LOG.error("route table file {} unreadable, still serving epoch {}: {}", file, live.current().epoch(), e.getMessage());
      return Future.failedFuture(e);
    });
  }
}
