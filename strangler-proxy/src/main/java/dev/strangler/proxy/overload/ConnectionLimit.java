package dev.strangler.proxy.overload;

import io.vertx.core.http.HttpConnection;

/**
 * Open public connections over every event loop, capped: a connection past the cap is closed as soon as it is accepted,
 * before a byte is read (Vert.x 5.0 has no server option for it). Its close gives its place back.
 */
public final class ConnectionLimit {

  private final Permits open = new Permits();
  private final int max;
  private final OverloadEvents events;

  ConnectionLimit(int max, OverloadEvents events) {
    this.max = max;
    this.events = events;
  }

  /** Counts {@code connection} in, or closes it; true when it may be served. */
  public boolean admit(HttpConnection connection) {
    if (!open.tryTake(max)) {
      events.connectionRefused();
      connection.close();
      return false;
    }
    connection.closeHandler(v -> open.give());
    return true;
  }

  public int open() {
    return open.held();
  }

  public int max() {
    return max;
  }
}
