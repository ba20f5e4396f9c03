package dev.strangler.proxy.redis;

import dev.strangler.redis.vertx.RedisClientOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every flush interval, takes what its {@link FlushPart}s hold and writes it to Redis in one MULTI/EXEC pipeline. One
 * flush at a time: while Redis is slow the next waits and the parts keep recording (bounded by each). A flush that sent
 * nothing gives the parts their data back; one that went unanswered tells them it failed. Stopping flushes once more.
 */
public final class BatchFlusher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BatchFlusher.class);

  /** What the flusher needs: where, how often, how long a flush may take, and for which log lines ({@code what}). */
  public record Options(String what, String redisUrl, Duration flushInterval, Duration timeout) {
    public Options {
      Objects.requireNonNull(what, "what == null");
      Objects.requireNonNull(redisUrl, "redisUrl == null");
      Objects.requireNonNull(flushInterval, "flushInterval == null");
      Objects.requireNonNull(timeout, "timeout == null");
    }
  }

  /**
   * On a worker thread: building a flush (JSON, text samples) takes CPU in proportion to the traffic, which belongs nowhere
   * near the event loops serving requests. Still one thread at a time, so LoopRedis stays confined.
   */
  public static DeploymentOptions deployment() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
  }

  private final Options options;
  private final List<FlushPart> parts;
  private final Clock clock;
  private LoopRedis redis;
  private long timer = -1;
  private Future<Boolean> inFlight = Future.succeededFuture(true);
  private boolean failing;

  public BatchFlusher(Options options, List<FlushPart> parts, Clock clock) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.parts = List.copyOf(parts);
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Future<?> start() {
    // A flush is one batch of every part's commands: more than the client's default 2048 waiters. The client allocates them.
    int waiting = 2 + parts.stream().mapToInt(FlushPart::maxCommands).sum();
    redis = new LoopRedis(vertx, RedisClientOptions.of(options.redisUrl()).setMaxWaitingHandlers(waiting),
        options.timeout(), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE);
    timer = vertx.setPeriodic(options.flushInterval().toMillis(), id -> {
      if (inFlight.isComplete()) {
        inFlight = flush();
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return inFlight.transform(previous -> flush()).eventually(redis::close);
  }

  /** Flushes now, after any flush in flight (on the flusher's own context): true when Redis took it all. */
  public Future<Boolean> flushNow() {
    Promise<Boolean> done = Promise.promise();
    context.runOnContext(v -> {
      inFlight = inFlight.transform(previous -> flush());
      inFlight.onComplete(done);
    });
    return done.future();
  }

  /** Writes what the parts hold; never fails: false when Redis did not take it (kept or failed, as each part decides). */
  private Future<Boolean> flush() {
    String now = clock.instant().toString();
    List<FlushPart.Drained> drained = new ArrayList<>(parts.size());
    for (FlushPart part : parts) {
      FlushPart.Drained d = part.drain(now);
      if (d != null) {
        drained.add(d);
      }
    }
    if (drained.isEmpty()) {
      return Future.succeededFuture(true);
    }
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.MULTI));
    drained.forEach(d -> d.addTo(batch));
    batch.add(Request.cmd(Command.EXEC));
    return redis.batch(batch).map(true).onSuccess(v -> {
      if (failing) {
        failing = false;
        LOG.info("{} reach Redis again", options.what());
      }
    }).recover(e -> {
      // Nothing sent: kept for the next flush. Sent but unanswered: maybe applied, so the parts decide what it cost.
      boolean unsent = e instanceof LoopRedis.Unavailable;
      drained.forEach(unsent ? FlushPart.Drained::notSent : FlushPart.Drained::failed);
      if (!failing) {
        failing = true;
        LOG.warn("{} can't be written to Redis ({}): kept (within bounds) while nothing can be sent, lost when a flush goes "
            + "unanswered", options.what(), e.toString());
      }
      return Future.succeededFuture(false);
    });
  }
}
