package dev.strangler.proxy.overload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One proxy process's overload protection, shared by its event loops: the in-flight cap, the backends' limits, the
 * connection limit, the heap signal and the bytes of held answers; each loop takes its own {@link Admission} (with its own
 * lag shedding).
 */
public final class Overload implements AutoCloseable {

  private final OverloadOptions options;
  private final OverloadEvents events;
  private final Permits inFlight = new Permits();
  /** Bytes of extracted answers held until their body ended (fallback routes), over every event loop. */
  private final Permits heldAnswers = new Permits();
  private final long heldAnswersBudget;
  private final BackendLimits backends;
  private final ConnectionLimit connections;
  private final HeapPressure heap;
  private final Set<LagShedding> loops = ConcurrentHashMap.newKeySet();

  private Overload(OverloadOptions options, OverloadEvents events, HeapPressure heap) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.events = Objects.requireNonNull(events, "events == null");
    this.backends = new BackendLimits(events);
    this.connections = new ConnectionLimit(options.maxConnections(), events);
    this.heap = heap;
    this.heldAnswersBudget = options.heldAnswersBudget(Runtime.getRuntime().maxMemory());
  }

  /** Protection as {@code options} say, following this JVM's garbage collections for heap pressure. */
  public static Overload create(OverloadOptions options, OverloadEvents events) {
    return new Overload(options, events,
        HeapPressure.watch(options.heapShedding() ? options.heapThresholdPercent() : 0, options.heapRecoveryPercent()));
  }

  /** With the defaults, reporting nowhere (a proxy verticle deployed on its own, in tests). */
  public static Overload defaults() {
    return create(OverloadOptions.defaults(), OverloadEvents.NONE);
  }

  /** The admission of one event loop; call on that loop. */
  public Admission admission(String loop) {
    LagShedding lag = options.lagShedding() ? new LagShedding(options.lagThreshold().toNanos(), options.lagRecovery().toNanos(),
        options.lagShedPercent(), OverloadOptions.DEFAULT_HOT_PROBES, OverloadOptions.DEFAULT_CALM_PROBES, loop) : LagShedding.OFF;
    if (lag != LagShedding.OFF) {
      loops.add(lag);
    }
    return new Admission(this, lag);
  }

  /** Stops following the loop's lag (its verticle stopped). */
  void forget(LagShedding lag) {
    loops.remove(lag);
  }

  public OverloadOptions options() {
    return options;
  }

  OverloadEvents events() {
    return events;
  }

  Permits inFlightPermits() {
    return inFlight;
  }

  Permits heldAnswers() {
    return heldAnswers;
  }

  long heldAnswersBudget() {
    return heldAnswersBudget;
  }

  BackendLimits backends() {
    return backends;
  }

  HeapPressure heap() {
    return heap;
  }

  public ConnectionLimit connections() {
    return connections;
  }

  /** Requests in flight in the process now. */
  public int inFlight() {
    return inFlight.held();
  }

  public int maxInFlight() {
    return options.maxInFlight();
  }

  /** Requests in flight to {@code backend} now. */
  public int inFlight(String backend) {
    return backends.inFlight(backend);
  }

  public boolean heapPressed() {
    return heap.pressed();
  }

  public double heapAfterGc() {
    return heap.afterGc();
  }

  /** Event loops shedding for their lag now. */
  public int laggingLoops() {
    return (int) loops.stream().filter(LagShedding::shedding).count();
  }

  public Duration retryAfter() {
    return options.retryAfter();
  }

  /** What readiness reports: whether the process sheds now, why, and its counts. */
  public JsonObject status() {
    JsonArray shedding = new JsonArray();
    if (heap.pressed()) {
      shedding.add(ShedReason.HEAP_PRESSURE.tag());
    }
    if (laggingLoops() > 0) {
      shedding.add(ShedReason.EVENT_LOOP_LAG.tag());
    }
    if (inFlight.held() >= options.maxInFlight()) {
      shedding.add(ShedReason.IN_FLIGHT_CAP.tag());
    }
    JsonObject backendsNow = new JsonObject();
    backends.snapshot().forEach(backendsNow::put);
    return new JsonObject().put("overloaded", !shedding.isEmpty()).put("shedding", shedding)
        .put("inFlight", inFlight.held()).put("maxInFlight", options.maxInFlight())
        .put("connections", connections.open()).put("maxConnections", connections.max())
        .put("heapAfterGc", Math.round(heap.afterGc() * 1000) / 1000.0).put("backendsInFlight", backendsNow)
        .put("heldAnswerBytes", heldAnswers.heldAmount()).put("heldAnswerBudget", heldAnswersBudget);
  }

  @Override
  public void close() {
    heap.close();
  }
}
