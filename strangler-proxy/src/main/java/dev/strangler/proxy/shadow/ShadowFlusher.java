package dev.strangler.proxy.shadow;

import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.redis.vertx.RedisClientOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every flush interval, takes what the {@link ShadowRecorder} holds and writes it to Redis in one MULTI/EXEC pipeline:
 * counts, paths and latency buckets added to each route's fleet-wide summary, comparisons appended to the stream. One
 * flush at a time: while Redis is slow the next waits and the recorder's backlog fills (then drops). A failed flush is
 * counted as lost. Stopping flushes once more.
 */
public final class ShadowFlusher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowFlusher.class);
  /**
   * On a worker thread: building a flush's entries (JSON, text samples) takes CPU in proportion to the traffic, which
   * belongs nowhere near the event loops serving requests. Still one thread at a time, so LoopRedis stays confined.
   */
  public static DeploymentOptions deployment() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
  }

  /** Room in a flush's batch for the summaries' commands, besides the stream entries. */
  static final int SUMMARY_COMMANDS = 16_384;

  private final ShadowRecorder recorder;
  private final ShadowResultsOptions options;
  private final ShadowKeys keys;
  private final String instance;
  private final Clock clock;
  private LoopRedis redis;
  private long timer = -1;
  private Future<Boolean> inFlight = Future.succeededFuture(true);
  private boolean failing;

  public ShadowFlusher(ShadowRecorder recorder, ShadowResultsOptions options, String instance, Clock clock) {
    this.recorder = Objects.requireNonNull(recorder, "recorder == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.keys = options.keys();
    this.instance = Objects.requireNonNull(instance, "instance == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Future<?> start() {
    // A flush is one batch of up to a backlog of entries and the routes' counts (a few dozen commands a route, up to
    // maxPaths more when many new paths differ): more than the client's default 2048 waiters. The client allocates them.
    redis = new LoopRedis(vertx, RedisClientOptions.of(options.redisUrl())
        .setMaxWaitingHandlers(options.backlog() + SUMMARY_COMMANDS),
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

  /** Flushes now, after any flush in flight (on the flusher's own event loop): true when Redis took it all. */
  public Future<Boolean> flushNow() {
    io.vertx.core.Promise<Boolean> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      inFlight = inFlight.transform(previous -> flush());
      inFlight.onComplete(done);
    });
    return done.future();
  }

  /** Writes what the recorder holds; never fails: false when Redis did not take it (kept or lost, and counted). */
  private Future<Boolean> flush() {
    ShadowRecorder.Drained drained = recorder.drain();
    if (drained.deltas().isEmpty() && drained.entries().isEmpty()) {
      return Future.succeededFuture(true);
    }
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.MULTI));
    String now = clock.instant().toString();
    drained.deltas().forEach((route, delta) -> summary(batch, route, delta, now));
    for (ShadowOutcome entry : drained.entries()) {
      batch.add(ShadowStreamEntry.xadd(keys.stream(), options.streamMaxLen(), instance, entry, options.sampleBytes()));
    }
    batch.add(Request.cmd(Command.EXEC));
    return redis.batch(batch).map(true).onSuccess(v -> {
      if (failing) {
        failing = false;
        LOG.info("shadow results reach Redis again");
      }
    }).recover(e -> {
      // Nothing sent: kept for the next flush (the backlog still bounds it). Sent but unanswered: maybe applied, so lost.
      if (e instanceof LoopRedis.Unavailable) {
        recorder.flushNotSent(drained);
      } else {
        recorder.flushFailed(drained);
      }
      if (!failing) {
        failing = true;
        LOG.warn("shadow results can't be written to Redis ({}): kept (up to the backlog) while nothing can be sent, counted as lost "
            + "when a flush goes unanswered", e.toString());
      }
      return Future.succeededFuture(false);
    });
  }

  private void summary(List<Request> batch, String route, RouteTally.Delta delta, String now) {
    String summary = keys.summary(route);
    batch.add(Request.cmd(Command.SADD).arg(keys.routes()).arg(route));
    batch.add(Request.cmd(Command.HSETNX).arg(summary).arg(ShadowSummary.SINCE).arg(now));
    hincrby(batch, summary, "matched", delta.matched());
    hincrby(batch, summary, "mismatched", delta.mismatched());
    hincrby(batch, summary, "skipped", delta.skipped());
    hincrby(batch, summary, ShadowSummary.SANDBOXED, delta.sandboxed());
    hincrby(batch, summary, "legacyErrors", delta.legacyErrors());
    hincrby(batch, summary, "candidateErrors", delta.candidateErrors());
    hincrby(batch, summary, ShadowSummary.LOST + "streamEntries", delta.lostEntries());
    hincrby(batch, summary, ShadowSummary.LOST + "comparisons", delta.lostComparisons());
    delta.dropped().forEach((reason, count) -> hincrby(batch, summary, ShadowSummary.DROPPED + ShadowSummary.name(reason), count));
    if (!delta.paths().isEmpty()) {
      for (Map.Entry<String, Long> path : delta.paths().entrySet()) {
        batch.add(Request.cmd(Command.ZINCRBY).arg(keys.paths(route)).arg(path.getValue()).arg(path.getKey()));
      }
      // Keep the most frequent: paths with ids in them would otherwise grow the set without end.
      batch.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(keys.paths(route)).arg(0).arg(-options.maxPaths() - 1));
    }
    buckets(batch, keys.latency(route), ShadowSummary.LEGACY_SIDE, delta.legacyLatency());
    buckets(batch, keys.latency(route), ShadowSummary.CANDIDATE_SIDE, delta.candidateLatency());
  }

  private static void buckets(List<Request> batch, String key, String side, long[] counts) {
    for (int bucket = 0; bucket < counts.length; bucket++) {
      hincrby(batch, key, side + ":" + bucket, counts[bucket]);
    }
  }

  private static void hincrby(List<Request> batch, String key, String field, long by) {
    if (by != 0) {
      batch.add(Request.cmd(Command.HINCRBY).arg(key).arg(field).arg(by));
    }
  }
}
