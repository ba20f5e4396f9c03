package dev.strangler.proxy.shadow;

import dev.strangler.proxy.redis.BatchFlusher;
import dev.strangler.proxy.redis.FlushPart;
import dev.strangler.proxy.redis.HashIncrements;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shadow results' part of a flush ({@link BatchFlusher}): what the {@link ShadowRecorder} holds, as counts, paths and
 * latency buckets added to each route's fleet-wide summary and comparisons appended to the stream. A flush that sent
 * nothing is recorded again (the backlog still bounds it); one that went unanswered is counted as lost.
 */
public final class ShadowBatch implements FlushPart {

  /** Room in a flush's batch for the summaries' commands, besides the stream entries. */
  static final int SUMMARY_COMMANDS = 16_384;

  private final ShadowRecorder recorder;
  private final ShadowResultsOptions options;
  private final ShadowKeys keys;
  private final String instance;

  public ShadowBatch(ShadowRecorder recorder, ShadowResultsOptions options, String instance) {
    this.recorder = Objects.requireNonNull(recorder, "recorder == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.keys = options.keys();
    this.instance = Objects.requireNonNull(instance, "instance == null");
  }

  /** The flusher's settings for these options: their Redis, flush interval and timeout. */
  public static BatchFlusher.Options flusherOptions(ShadowResultsOptions options) {
    return new BatchFlusher.Options("fleet results (shadow results, route traffic)", options.redisUrl(), options.flushInterval(), options.timeout());
  }

  @Override
  public int maxCommands() {
    // Up to a backlog of entries and the routes' counts (a few dozen commands a route, up to maxPaths more when many new
    // paths differ).
    return options.backlog() + SUMMARY_COMMANDS;
  }

  @Override
  public Drained drain(String now) {
    ShadowRecorder.Drained drained = recorder.drain();
    if (drained.deltas().isEmpty() && drained.entries().isEmpty()) {
      return null;
    }
    return new Drained() {
      @Override
      public void addTo(List<Request> batch) {
        // A summary counts from its first comparison's recording (or a reset), never later than any stream entry it
        // counts: an entry recorded before its summary's since reads as before a reset (ShadowSummaryStore.recentMismatches).
        Instant flushed = Instant.parse(now);
        drained.deltas().forEach((route, delta) -> summary(batch, route, delta,
            delta.firstAt() != null && delta.firstAt().isBefore(flushed) ? delta.firstAt().toString() : now));
        for (ShadowOutcome entry : drained.entries()) {
          batch.add(ShadowStreamEntry.xadd(keys.stream(), options.streamMaxLen(), instance, entry, options.sampleBytes()));
        }
      }

      @Override
      public void notSent() {
        recorder.flushNotSent(drained);
      }

      @Override
      public void failed() {
        recorder.flushFailed(drained);
      }
    };
  }

  private void summary(List<Request> batch, String route, RouteTally.Delta delta, String since) {
    String summary = keys.summary(route);
    batch.add(Request.cmd(Command.SADD).arg(keys.routes()).arg(route));
    batch.add(Request.cmd(Command.HSETNX).arg(summary).arg(ShadowSummary.SINCE).arg(since));
    HashIncrements.hincrby(batch, summary, "matched", delta.matched());
    HashIncrements.hincrby(batch, summary, "mismatched", delta.mismatched());
    HashIncrements.hincrby(batch, summary, "skipped", delta.skipped());
    HashIncrements.hincrby(batch, summary, ShadowSummary.SANDBOXED, delta.sandboxed());
    HashIncrements.hincrby(batch, summary, "legacyErrors", delta.legacyErrors());
    HashIncrements.hincrby(batch, summary, "candidateErrors", delta.candidateErrors());
    HashIncrements.hincrby(batch, summary, ShadowSummary.LOST + "streamEntries", delta.lostEntries());
    HashIncrements.hincrby(batch, summary, ShadowSummary.LOST + "comparisons", delta.lostComparisons());
    delta.dropped().forEach((reason, count) ->
        HashIncrements.hincrby(batch, summary, ShadowSummary.DROPPED + ShadowSummary.name(reason), count));
    if (!delta.paths().isEmpty()) {
      for (Map.Entry<String, Long> path : delta.paths().entrySet()) {
        batch.add(Request.cmd(Command.ZINCRBY).arg(keys.paths(route)).arg(path.getValue()).arg(path.getKey()));
      }
      // Keep the most frequent: paths with ids in them would otherwise grow the set without end.
      batch.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(keys.paths(route)).arg(0).arg(-options.maxPaths() - 1));
    }
    HashIncrements.indexed(batch, keys.latency(route), ShadowSummary.LEGACY_SIDE, delta.legacyLatency());
    HashIncrements.indexed(batch, keys.latency(route), ShadowSummary.CANDIDATE_SIDE, delta.candidateLatency());
  }
}
