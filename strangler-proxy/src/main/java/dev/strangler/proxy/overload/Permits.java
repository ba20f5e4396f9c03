package dev.strangler.proxy.overload;

import java.util.concurrent.atomic.AtomicInteger;

/** A count of things held at once, shared by every event loop, never taken past a cap (never over, even for a moment). */
public final class Permits {

  private final AtomicInteger held = new AtomicInteger();

  /** Takes one; false (and nothing taken) when {@code cap} are held already. */
  public boolean tryTake(int cap) {
    while (true) {
      int now = held.get();
      if (now >= cap) {
        return false;
      }
      if (held.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void give() {
    held.decrementAndGet();
  }

  public int held() {
    return held.get();
  }
}
