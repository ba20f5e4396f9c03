package dev.strangler.redis.vertx;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's switch watches, one per Vert.x instance, sentinels and master name, shared by every
 * {@link SwitchingRedis} of theirs: a process with a dozen clients of one deployment holds one subscription per
 * sentinel, not a dozen. A watch is started by its first lease and closed with its last.
 */
final class SwitchMasterWatches {

  private record Key(Vertx vertx, List<String> sentinels, String masterName) {}

  private static final class Shared {
    final SwitchMasterWatch watch;
    int leases;

    Shared(SwitchMasterWatch watch) {
      this.watch = watch;
    }
  }

  /** A user's hold on a shared watch; {@link #release()} once. */
  record Lease(SwitchMasterWatch watch, Runnable onRelease) {
    void release() {
      onRelease.run();
    }
  }

  private static final Map<Key, Shared> WATCHES = new HashMap<>();

  private SwitchMasterWatches() {}

  static synchronized Lease acquire(Vertx vertx, List<String> sentinels, String masterName) {
    Key key = new Key(vertx, List.copyOf(sentinels), masterName);
    Shared shared = WATCHES.computeIfAbsent(key,
        k -> new Shared(new SwitchMasterWatch(vertx, k.sentinels(), masterName, SwitchMasterWatch.Options.defaults()).start()));
    shared.leases++;
    boolean[] released = {false};
    return new Lease(shared.watch, () -> release(key, released));
  }

  private static synchronized void release(Key key, boolean[] released) {
    if (released[0]) {
      return;
    }
    released[0] = true;
    Shared shared = WATCHES.get(key);
    if (shared != null && --shared.leases == 0) {
      WATCHES.remove(key);
      shared.watch.close();
    }
  }
}
