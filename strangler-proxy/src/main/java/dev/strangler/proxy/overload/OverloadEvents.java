package dev.strangler.proxy.overload;

import java.util.function.IntSupplier;

/** What overload protection reports: sheds, refused connections and the gauges behind them (metrics listen here). */
public interface OverloadEvents {

  OverloadEvents NONE = new OverloadEvents() { };

  /** A request answered 503 by the proxy for {@code reason}; {@code backend} is null when none was decided yet. */
  default void shed(ShedReason reason, String route, String backend) { }

  /** A new public connection closed at once: {@code maxConnections} were open. */
  default void connectionRefused() { }

  /** A backend got its in-flight counter: expose it. */
  default void backendTracked(String backend, IntSupplier inFlight) { }
}
