package dev.strangler.proxy.table;

import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.SessionSupport;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table this proxy instance routes by. Swapped whole and atomically: a request reads
 * {@link #current()} once and is routed by exactly that epoch. A table that fails validation is
 * refused with every problem logged, and the last good one keeps serving.
 */
public final class LiveRouteTable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveRouteTable.class);

  private final AtomicReference<RouteTable> current;
  private final RestrictedAddresses restricted;
  private final SessionSupport sessions;
  private volatile Rejection lastRejection;

  /** Why the newest offered table was refused. */
  public record Rejection(long epoch, String origin, List<String> problems) {}

  public LiveRouteTable(RouteTable initial, RestrictedAddresses restricted) {
    this(initial, restricted, SessionSupport.UNCHECKED);
  }

  /** Later tables are also checked against what this proxy can do with sessions ({@link SessionSupport}). */
  public LiveRouteTable(RouteTable initial, RestrictedAddresses restricted, SessionSupport sessions) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial == null"));
    this.restricted = Objects.requireNonNull(restricted, "restricted == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
  }

  /** Epoch 0, every request to the monolith at {@code legacy}, nothing restricted: for tests and tools. */
  public static LiveRouteTable legacyOnly(java.net.URI legacy) {
    return new LiveRouteTable(RouteTable.compile(0, RouteTableDefinition.legacyOnly(legacy), RestrictedAddresses.NONE),
        RestrictedAddresses.NONE);
  }

  public RouteTable current() {
    return current.get();
  }

  public RestrictedAddresses restricted() {
    return restricted;
  }

  public SessionSupport sessions() {
    return sessions;
  }

  /** The newest refused table, if the newest offer was refused; null once a later one applies. */
  public Rejection lastRejection() {
    return lastRejection;
  }

  /**
   * Applies {@code definition} as {@code epoch} when that is newer than the current epoch.
   *
   * @return true when applied; false when it was not newer (nothing changes)
   * @throws InvalidRouteTableException when invalid (the current table stays)
   */
  public boolean offer(long epoch, RouteTableDefinition definition, String origin) {
    RouteTable compiled;
    try {
      compiled = RouteTable.compile(epoch, definition, restricted, sessions);
    } catch (InvalidRouteTableException e) {
      lastRejection = new Rejection(epoch, origin, e.problems());
      LOG.error("route table epoch {} from {} refused, still serving epoch {}: {}", epoch, origin, current().epoch(),
          String.join("; ", e.problems()));
      throw e;
    }
    while (true) {
      RouteTable now = current.get();
      if (epoch <= now.epoch()) {
        return false;
      }
      if (current.compareAndSet(now, compiled)) {
        lastRejection = null;
        LOG.info("route table epoch {} from {} applied ({} routes)", epoch, origin, definition.routes().size());
        return true;
      }
    }
  }
}
