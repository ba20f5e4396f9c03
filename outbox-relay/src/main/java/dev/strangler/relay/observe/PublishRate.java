package dev.strangler.relay.observe;

/** Events per second over the last few whole seconds, for a gauge (Prometheus can also rate() the counter). */
final class PublishRate {

  private final int window;
  private final long[] buckets;
  private final long[] seconds;

  PublishRate(int windowSeconds) {
    window = windowSeconds;
    // one more slot than the window: the current second fills while the window is read
    buckets = new long[windowSeconds + 1];
    seconds = new long[windowSeconds + 1];
  }

  synchronized void add(long events) {
    long now = System.currentTimeMillis() / 1000;
    int i = (int) (now % buckets.length);
    if (seconds[i] != now) {
      seconds[i] = now;
      buckets[i] = 0;
    }
    buckets[i] += events;
  }

  synchronized double perSecond() {
    long now = System.currentTimeMillis() / 1000;
    long sum = 0;
    for (int i = 0; i < buckets.length; i++) {
      if (seconds[i] < now && now - seconds[i] <= window) {
        sum += buckets[i];
      }
    }
    return (double) sum / window;
  }
}
