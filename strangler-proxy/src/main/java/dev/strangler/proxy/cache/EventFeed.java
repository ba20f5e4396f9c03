package dev.strangler.proxy.cache;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.Set;
import java.util.function.Supplier;

/** The events that arrive on some streams from now on; every proxy instance reads them all (eviction is idempotent). */
public interface EventFeed {

  /**
   * Hands each event that arrives from now on to {@code handler}, on the caller's context. {@code streams} (aggregate
   * types, lower-cased) is asked again before each read, so streams may come and go with the route table.
   */
  void start(Supplier<Set<String>> streams, Handler<StreamEvent> handler);

  Future<Void> stop();
}
