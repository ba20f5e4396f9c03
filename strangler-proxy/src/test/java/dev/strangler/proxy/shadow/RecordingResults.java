package dev.strangler.proxy.shadow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Shadow results kept in memory for a test to look at: every outcome, and drops counted by reason. */
final class RecordingResults implements ShadowResults {

  private final List<ShadowOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final Map<DropReason, AtomicInteger> drops = new ConcurrentHashMap<>();
  private final List<Thread> callers = new CopyOnWriteArrayList<>();

  @Override
  public void compared(ShadowOutcome outcome) {
    callers.add(Thread.currentThread());
    outcomes.add(outcome);
  }

  @Override
  public void dropped(String routeId, DropReason reason) {
    callers.add(Thread.currentThread());
    drops.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
  }

  List<ShadowOutcome> outcomes() {
    return outcomes;
  }

  int dropped(DropReason reason) {
    AtomicInteger n = drops.get(reason);
    return n == null ? 0 : n.get();
  }

  int droppedInAll() {
    return drops.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The threads results were reported on. */
  List<Thread> callers() {
    return callers;
  }
}
