package dev.strangler.proxy.overload;

import java.time.Duration;
import java.util.Objects;

/**
 * How one proxy process protects itself under load: caps on requests in flight (the whole process, each backend), on open
 * public connections, and shedding while an event loop lags or the heap stays full after garbage collection. Every
 * default is a named constant; {@link #defaults()} derives the in-flight cap from the heap.
 *
 * @param maxInFlight requests in flight in the whole process (all event loops) before new ones get an immediate 503;
 *     default {@link #defaultMaxInFlight(long)} of the heap
 * @param backendMaxInFlight requests in flight to one backend (all event loops) unless the route table gives the backend its
 *     own {@code maxInFlight}; default {@link #DEFAULT_BACKEND_MAX_IN_FLIGHT}
 * @param maxConnections open public connections; a new one past it is closed at once; default {@link #DEFAULT_MAX_CONNECTIONS}
 * @param retryAfter the {@code Retry-After} of every shed answer; default {@link #DEFAULT_RETRY_AFTER}
 * @param lagThreshold an event loop whose lag probe reads this much or more ({@link #DEFAULT_HOT_PROBES} times in a row)
 *     starts shedding; {@link Duration#ZERO}: never;
 *     default {@link #DEFAULT_LAG_THRESHOLD}
 * @param lagRecovery it stops once {@link #DEFAULT_CALM_PROBES} probes in a row read less than this; default
 *     {@link #DEFAULT_LAG_RECOVERY}
 * @param lagShedPercent share of a lagging loop's new requests shed; default {@link #DEFAULT_LAG_SHED_PERCENT}
 * @param heapThresholdPercent heap used right after a garbage collection, in percent of the maximum heap, from which every new
 *     request is shed; 0: never; default {@link #DEFAULT_HEAP_THRESHOLD_PERCENT}
 * @param heapRecoveryPercent shedding stops once a collection leaves less than this; default
 *     {@link #DEFAULT_HEAP_RECOVERY_PERCENT}
 * @param backendQueue requests that may wait for one of a backend address's pooled connections on one event loop; past it
 *     a request is shed at once ({@code backend-queue}) where Vert.x would queue without bound; default
 *     {@link #DEFAULT_BACKEND_QUEUE}
 * @param heldAnswersHeapPercent share of the maximum heap, in percent, that answers held until their body ended may take at
 *     once over the whole process (fallback routes' {@code holdAnswer}); past it an answer streams as it comes; 0: none is
 *     held; at most {@link #MAX_HELD_ANSWERS_HEAP_PERCENT}; default {@link #DEFAULT_HELD_ANSWERS_HEAP_PERCENT}
 */
public record OverloadOptions(int maxInFlight, int backendMaxInFlight, int maxConnections, Duration retryAfter,
                              Duration lagThreshold, Duration lagRecovery, int lagShedPercent, int heapThresholdPercent,
                              int heapRecoveryPercent, int backendQueue, int heldAnswersHeapPercent) {

  /** Heap one request in flight is budgeted: 64 KiB codec chunks each way, a fallback's held body, slack. */
  public static final long HEAP_PER_REQUEST = 256 * 1024;
  public static final int MIN_DEFAULT_MAX_IN_FLIGHT = 64;
  public static final int MAX_DEFAULT_MAX_IN_FLIGHT = 10_000;
  public static final int DEFAULT_BACKEND_MAX_IN_FLIGHT = 256;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  /**
   * Half a second late: far past garbage collection pauses and timer jitter, and still well before Vert.x's own
   * blocked-thread warning (2 s). Lower it where the proxy has its cores to itself.
   */
  public static final Duration DEFAULT_LAG_THRESHOLD = Duration.ofMillis(500);
  public static final Duration DEFAULT_LAG_RECOVERY = Duration.ofMillis(100);
  /**
   * Lag probes in a row at the threshold that start shedding (over a second late in all): one or two late timers are a
   * collection, the JIT warming up a cold process, or a neighbour taking the CPU for a moment, not overload.
   */
  public static final int DEFAULT_HOT_PROBES = 3;
  /** Lag probes in a row under the recovery lag that end shedding (a probe runs every 200 ms: one second calm). */
  public static final int DEFAULT_CALM_PROBES = 5;
  public static final int DEFAULT_LAG_SHED_PERCENT = 50;
  public static final int DEFAULT_HEAP_THRESHOLD_PERCENT = 90;
  public static final int DEFAULT_HEAP_RECOVERY_PERCENT = 80;
  /** Four times the 64 connections each backend address gets per event loop. */
  public static final int DEFAULT_BACKEND_QUEUE = 256;
  /** The lowest lag threshold accepted: shorter pauses are ordinary garbage collection and timer jitter. */
  public static final int MIN_LAG_THRESHOLD_MS = 10;
  /** The lowest heap threshold accepted: a heap half full after a collection is normal. */
  public static final int MIN_HEAP_THRESHOLD_PERCENT = 50;

  /**
   * Share of the maximum heap, in percent, that answers held until their body ended may take at once over the whole
   * process (fallback routes' {@code holdAnswer}); past it an answer streams as it comes, so requests in flight times the
   * hold bound can't exhaust the heap (a 96 MB heap: 24 MB, 24 answers of 1 MiB).
   */
  public static final int DEFAULT_HELD_ANSWERS_HEAP_PERCENT = 25;
  /** The most of the heap held answers may be given: the rest is the proxy's own, and heap shedding starts at 90 %. */
  public static final int MAX_HELD_ANSWERS_HEAP_PERCENT = 75;

  public OverloadOptions {
    Objects.requireNonNull(retryAfter, "retryAfter == null");
    Objects.requireNonNull(lagThreshold, "lagThreshold == null");
    Objects.requireNonNull(lagRecovery, "lagRecovery == null");
    if (maxInFlight < 1 || backendMaxInFlight < 1 || maxConnections < 1 || backendQueue < 0) {
      throw new IllegalArgumentException("caps must be at least 1, the backend queue at least 0");
    }
    if (heldAnswersHeapPercent < 0 || heldAnswersHeapPercent > MAX_HELD_ANSWERS_HEAP_PERCENT) {
      throw new IllegalArgumentException("the held answers' share of the heap must be 0 to " + MAX_HELD_ANSWERS_HEAP_PERCENT
          + " (got " + heldAnswersHeapPercent + ")");
    }
  }

  /** The defaults, the in-flight cap derived from this JVM's maximum heap. */
  public static OverloadOptions defaults() {
    return new OverloadOptions(defaultMaxInFlight(Runtime.getRuntime().maxMemory()), DEFAULT_BACKEND_MAX_IN_FLIGHT,
        DEFAULT_MAX_CONNECTIONS, DEFAULT_RETRY_AFTER, DEFAULT_LAG_THRESHOLD, DEFAULT_LAG_RECOVERY, DEFAULT_LAG_SHED_PERCENT,
        DEFAULT_HEAP_THRESHOLD_PERCENT, DEFAULT_HEAP_RECOVERY_PERCENT, DEFAULT_BACKEND_QUEUE, DEFAULT_HELD_ANSWERS_HEAP_PERCENT);
  }

  /**
   * The process's default in-flight cap: the maximum heap over {@link #HEAP_PER_REQUEST}, between
   * {@value #MIN_DEFAULT_MAX_IN_FLIGHT} and {@value #MAX_DEFAULT_MAX_IN_FLIGHT} (the lab's 384 MB heap: 1536).
   */
  public static int defaultMaxInFlight(long maxHeapBytes) {
    long byHeap = maxHeapBytes / HEAP_PER_REQUEST;
    return (int) Math.max(MIN_DEFAULT_MAX_IN_FLIGHT, Math.min(MAX_DEFAULT_MAX_IN_FLIGHT, byHeap));
  }

  /** The bytes held answers may take at once: {@link #heldAnswersHeapPercent} % of {@code maxHeapBytes}. */
  public long heldAnswersBudget(long maxHeapBytes) {
    return maxHeapBytes / 100 * heldAnswersHeapPercent;
  }

  public boolean lagShedding() {
    return !lagThreshold.isZero();
  }

  public boolean heapShedding() {
    return heapThresholdPercent > 0;
  }

  public OverloadOptions withMaxInFlight(int cap) {
    return new OverloadOptions(cap, backendMaxInFlight, maxConnections, retryAfter, lagThreshold, lagRecovery, lagShedPercent,
        heapThresholdPercent, heapRecoveryPercent, backendQueue, heldAnswersHeapPercent);
  }

  public OverloadOptions withBackendMaxInFlight(int cap) {
    return new OverloadOptions(maxInFlight, cap, maxConnections, retryAfter, lagThreshold, lagRecovery, lagShedPercent,
        heapThresholdPercent, heapRecoveryPercent, backendQueue, heldAnswersHeapPercent);
  }

  public OverloadOptions withMaxConnections(int cap) {
    return new OverloadOptions(maxInFlight, backendMaxInFlight, cap, retryAfter, lagThreshold, lagRecovery, lagShedPercent,
        heapThresholdPercent, heapRecoveryPercent, backendQueue, heldAnswersHeapPercent);
  }

  public OverloadOptions withLag(Duration threshold, Duration recovery, int percent) {
    return new OverloadOptions(maxInFlight, backendMaxInFlight, maxConnections, retryAfter, threshold, recovery, percent,
        heapThresholdPercent, heapRecoveryPercent, backendQueue, heldAnswersHeapPercent);
  }

  public OverloadOptions withBackendQueue(int queue) {
    return new OverloadOptions(maxInFlight, backendMaxInFlight, maxConnections, retryAfter, lagThreshold, lagRecovery,
        lagShedPercent, heapThresholdPercent, heapRecoveryPercent, queue, heldAnswersHeapPercent);
  }

  public OverloadOptions withHeap(int thresholdPercent, int recoveryPercent) {
    return new OverloadOptions(maxInFlight, backendMaxInFlight, maxConnections, retryAfter, lagThreshold, lagRecovery,
        lagShedPercent, thresholdPercent, recoveryPercent, backendQueue, heldAnswersHeapPercent);
  }
}
