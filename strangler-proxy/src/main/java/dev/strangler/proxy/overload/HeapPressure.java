package dev.strangler.proxy.overload;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the heap stays nearly full after garbage collection, the process-wide memory signal: after every collection the
 * JVM reports, the heap's pools' usage right after it is summed and compared with the maximum heap. At the threshold it
 * turns on; it turns off only once a collection leaves less than the (lower) recovery share, so it does not flap. Usage
 * after a collection, not usage now: a heap full of garbage that the next young collection frees is no pressure.
 */
public final class HeapPressure implements AutoCloseable {

  /** Never under pressure (heap shedding off). */
  public static final HeapPressure OFF = new HeapPressure(0, 0, 1);

  private static final Logger LOG = LoggerFactory.getLogger(HeapPressure.class);

  private final int thresholdPercent;
  private final int recoveryPercent;
  private final long maxHeap;
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private volatile boolean pressed;
  private volatile double afterGc;

  HeapPressure(int thresholdPercent, int recoveryPercent, long maxHeap) {
    this.thresholdPercent = thresholdPercent;
    this.recoveryPercent = recoveryPercent;
    this.maxHeap = maxHeap;
  }

  /** Follows this JVM's collections; {@link #OFF} when the threshold is 0. */
  static HeapPressure watch(int thresholdPercent, int recoveryPercent) {
    if (thresholdPercent == 0) {
      return OFF;
    }
    HeapPressure pressure = new HeapPressure(thresholdPercent, recoveryPercent, Runtime.getRuntime().maxMemory());
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    NotificationListener listener = (notification, handback) -> pressure.collected(notification, heapPools);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        pressure.unsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
    return pressure;
  }

  private void collected(Notification notification, Set<String> heapPools) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
        .getGcInfo().getMemoryUsageAfterGc();
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : after.entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    reading((double) used / maxHeap);
  }

  /** The heap's share in use right after a collection. */
  void reading(double share) {
    afterGc = share;
    if (!pressed && share * 100 >= thresholdPercent) {
      pressed = true;
      LOG.warn("heap {} % full after garbage collection (threshold {} %): shedding every new request", Math.round(share * 100),
          thresholdPercent);
    } else if (pressed && share * 100 < recoveryPercent) {
      pressed = false;
      LOG.warn("heap {} % full after garbage collection (under {} %): no longer shedding", Math.round(share * 100),
          recoveryPercent);
    }
  }

  public boolean pressed() {
    return pressed;
  }

  /** The heap's share in use after the latest collection (0 before the first). */
  public double afterGc() {
    return afterGc;
  }

  @Override
  public void close() {
    unsubscribe.forEach(Runnable::run);
  }
}
