package dev.strangler.proxy.traffic;

import dev.strangler.proxy.redis.FlushPart;
import dev.strangler.proxy.redis.HashIncrements;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Route traffic's part of a flush: each route's counts and latency buckets added to its fleet-wide hashes. A flush that
 * sent nothing is recorded again; one that went unanswered is dropped (it may have been applied: never counted twice).
 */
public final class TrafficBatch implements FlushPart {

  /** Commands a flush may need: a few per side and route, plus the latency buckets that changed. */
  static final int MAX_COMMANDS = 16_384;

  private final TrafficRecorder recorder;
  private final TrafficKeys keys;

  public TrafficBatch(TrafficRecorder recorder, TrafficKeys keys) {
    this.recorder = Objects.requireNonNull(recorder, "recorder == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  @Override
  public int maxCommands() {
    return MAX_COMMANDS;
  }

  @Override
  public Drained drain(String now) {
    Map<String, TrafficTally.Delta> deltas = recorder.drain();
    if (deltas.isEmpty()) {
      return null;
    }
    return new Drained() {
      @Override
      public void addTo(List<Request> batch) {
        deltas.forEach((route, delta) -> add(batch, route, delta, now));
      }

      @Override
      public void notSent() {
        recorder.notSent(deltas);
      }

      @Override
      public void failed() {
        // Maybe applied: dropping it may undercount a second's traffic, adding it again could count it twice.
      }
    };
  }

  private void add(List<Request> batch, String route, TrafficTally.Delta delta, String now) {
    String counts = keys.counts(route);
    batch.add(Request.cmd(Command.SADD).arg(keys.routes()).arg(route));
    // Counts from its first request (or a reset), not from the flush that first wrote it.
    Instant flushed = Instant.parse(now);
    Instant first = Instant.ofEpochMilli(delta.firstMillis());
    batch.add(Request.cmd(Command.HSETNX).arg(counts).arg(RouteTraffic.SINCE)
        .arg(delta.firstMillis() > 0 && first.isBefore(flushed) ? first.toString() : now));
    for (Side side : Side.values()) {
      int s = side.ordinal();
      HashIncrements.hincrby(batch, counts, side.label() + RouteTraffic.REQUESTS, delta.requests()[s]);
      HashIncrements.hincrby(batch, counts, side.label() + RouteTraffic.ERRORS, delta.errors()[s]);
      HashIncrements.indexed(batch, keys.latency(route), side.label(), delta.latency()[s]);
    }
  }
}
