package dev.strangler.redis.vertx;

import io.vertx.core.Closeable;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
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
    final Closeable onVertxClose;
    int leases;

    Shared(SwitchMasterWatch watch, Closeable onVertxClose) {
      this.watch = watch;
      this.onVertxClose = onVertxClose;
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
    Shared shared = WATCHES.computeIfAbsent(key, k -> {
      SwitchMasterWatch watch = new SwitchMasterWatch(vertx, k.sentinels(), masterName, SwitchMasterWatch.Options.defaults());
      // Clients left open when Vert.x closes must not leave the watch subscribing on a closed Vert.x.
      Closeable hook = done -> {
        forget(k);
        done.succeed();
      };
      ((VertxInternal) vertx).addCloseHook(hook);
      return new Shared(watch.start(), hook);
    });
    shared.leases++;
    boolean[] released = {false};
    return new Lease(shared.watch, () -> release(key, released));
  }

  private static synchronized void forget(Key key) {
    Shared shared = WATCHES.remove(key);
    if (shared != null) {
      shared.watch.close();
    }
  }

  private static synchronized void release(Key key, boolean[] released) {
    if (released[0]) {
      return;
    }
    released[0] = true;
    Shared shared = WATCHES.get(key);
    if (shared != null && --shared.leases == 0) {
      WATCHES.remove(key);
      ((VertxInternal) key.vertx()).removeCloseHook(shared.onVertxClose);
      shared.watch.close();
    }
  }
}
