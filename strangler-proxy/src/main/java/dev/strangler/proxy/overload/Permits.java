package dev.strangler.proxy.overload;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of things (requests, connections, bytes) held at once, shared by every event loop, never taken past a cap (never
 * over, even for a moment).
 */
public final class Permits {

  private final AtomicLong held = new AtomicLong();

  /** Takes one; false (and nothing taken) when {@code cap} are held already. */
  public boolean tryTake(int cap) {
    return tryTake(1, cap);
  }

  /** Takes {@code amount}; false (and nothing taken) when that would hold more than {@code cap}. */
  public boolean tryTake(long amount, long cap) {
    while (true) {
      long now = held.get();
      if (now + amount > cap) {
        return false;
      }
      if (held.compareAndSet(now, now + amount)) {
        return true;
      }
    }
  }

  public void give() {
    give(1);
  }

  public void give(long amount) {
    held.addAndGet(-amount);
  }

  public int held() {
    return (int) Math.min(Integer.MAX_VALUE, held.get());
  }

  /** What is held, as a long (bytes may pass an int). */
  public long heldAmount() {
    return held.get();
  }
}
