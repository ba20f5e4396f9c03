package dev.strangler.servicekit.events.sql;

import dev.strangler.servicekit.events.Event;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * What a service does with one event in SQL: its writes on {@code tx}, the transaction the guard moves in. A failed
 * future (or a throw) rolls both back and refuses the event (retried, then dead-lettered).
 */
@FunctionalInterface
public interface SqlEventHandler {

  Future<Void> apply(Event event, SqlConnection tx) throws Exception;
}
