package dev.strangler.proxy.overload;

import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's shedding on its own lag: fed each reading of that loop's lag probe, it starts shedding a share of the
 * loop's new requests once {@value OverloadOptions#DEFAULT_HOT_PROBES} readings in a row reach the threshold (one late
 * timer is a collection or the JIT warming up, not overload), and stops only after
 * {@value OverloadOptions#DEFAULT_CALM_PROBES} readings in a row under the (lower) recovery lag, so it does not flap.
 * Confined to its loop: the probe and the requests run on the same thread; only {@link #shedding()} is read elsewhere
 * (metrics, readiness).
 */
public final class LagShedding implements LongConsumer {

  /** Never sheds (lag shedding off). */
  public static final LagShedding OFF = new LagShedding(0, 0, 0, 1, 1, "off");

  private static final Logger LOG = LoggerFactory.getLogger(LagShedding.class);

  private final long thresholdNanos;
  private final long recoveryNanos;
  private final int percent;
  private final int hotProbes;
  private final int calmProbes;
  private final String loop;
  private volatile boolean shedding;
  private int hot;
  private int calm;
  private int turn;

  LagShedding(long thresholdNanos, long recoveryNanos, int percent, int hotProbes, int calmProbes, String loop) {
    this.thresholdNanos = thresholdNanos;
    this.recoveryNanos = recoveryNanos;
    this.percent = percent;
    this.hotProbes = hotProbes;
    this.calmProbes = calmProbes;
    this.loop = loop;
  }

  /** A lag reading of this loop. */
  @Override
  public void accept(long lagNanos) {
    if (thresholdNanos == 0) {
      return;
    }
    if (lagNanos >= thresholdNanos) {
      calm = 0;
      if (!shedding && ++hot >= hotProbes) {
        hot = 0;
        shedding = true;
        LOG.warn("event loop {} runs {} ms late (threshold {} ms): shedding {} % of its new requests", loop, lagNanos / 1_000_000,
            thresholdNanos / 1_000_000, percent);
      }
      return;
    }
    hot = 0;
    if (shedding && lagNanos < recoveryNanos && ++calm >= calmProbes) {
      shedding = false;
      calm = 0;
      LOG.warn("event loop {} is on time again ({} probes under {} ms): no longer shedding", loop, calmProbes,
          recoveryNanos / 1_000_000);
    } else if (lagNanos >= recoveryNanos) {
      calm = 0;
    }
  }

  /** Whether this new request is one of the share shed now: spread evenly, {@code percent} of every hundred. */
  boolean shedNext() {
    if (!shedding) {
      return false;
    }
    turn = turn == 99 ? 0 : turn + 1;
    return turn * percent % 100 < percent; // Bresenham-like spread: percent of each hundred turns, evenly apart
  }

  public boolean shedding() {
    return shedding;
  }
}
