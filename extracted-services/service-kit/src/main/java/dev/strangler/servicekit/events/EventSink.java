package dev.strangler.servicekit.events;

import io.vertx.core.Future;

/**
 * The other way to apply events, for a service whose data is not in Redis: the sink applies the event to its own store
 * <em>together with</em> the aggregate's applied-sequence guard, atomically (one transaction), and yields whether it
 * applied (false: delivered again, or superseded). A failed future refuses the event, as a throwing
 * {@link EventHandler} does: retried, then dead-lettered. {@link dev.strangler.servicekit.events.sql.GuardedSqlSink}
 * is the SQL one; use it rather than writing a guard of your own.
 */
@FunctionalInterface
public interface EventSink {

  Future<Boolean> apply(Event event);
}
