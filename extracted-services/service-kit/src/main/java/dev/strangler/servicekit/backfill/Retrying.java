package dev.strangler.servicekit.backfill;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task until it succeeds, waiting between attempts with exponential backoff ({@code first}, doubled after each
 * failure, at most {@code max}), each failure logged with the attempt and the wait. {@link #stop} ends the retries: the
 * result then fails. For work a service cannot be ready without, like a backfill on start.
 */
public final class Retrying<T> {

  private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);
  public static final Duration DEFAULT_FIRST_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final String what;
  private final Duration first;
  private final Duration max;
  private final Supplier<Future<T>> task;
  private final Promise<T> result = Promise.promise();
  private volatile boolean stopped;
  private volatile long timer = -1;

  /** {@code what} names the task in the log ("product backfill from http://…"). */
  public Retrying(Vertx vertx, String what, Duration first, Duration max, Supplier<Future<T>> task) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.what = Objects.requireNonNull(what, "what == null");
    this.first = Objects.requireNonNull(first, "first == null");
    this.max = Objects.requireNonNull(max, "max == null");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= max, got " + first + ", " + max);
    }
    this.task = Objects.requireNonNull(task, "task == null");
  }

  /** Starts the first attempt; the future completes with the first success, or fails once stopped. */
  public Future<T> start() {
    attempt(1, first.toMillis());
    return result.future();
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    result.tryFail(what + ": stopped");
  }

  private void attempt(int n, long delay) {
    if (stopped) {
      return;
    }
    Future<T> run;
    try {
      run = task.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onSuccess(result::tryComplete).onFailure(e -> {
      if (stopped) {
        result.tryFail(e);
        return;
      }
      LOG.warn("{} failed (attempt {}): {}; retrying in {} ms", what, n, e.getMessage(), delay);
      timer = vertx.setTimer(delay, id -> attempt(n + 1, Math.min(delay * 2, max.toMillis())));
    });
  }
}
