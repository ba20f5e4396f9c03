package dev.strangler.relay.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits between polls: the poll interval, or less when PostgreSQL notifies the channel (a trigger on
 * the outbox, {@code pg_notify} at commit). Without a channel, or when listening fails, it just waits:
 * notifications only cut latency, polling alone is always correct. Only an idle relay waits here:
 * pgjdbc's {@code getNotifications} goes on reading while the next notification comes within a
 * millisecond, so under a steady stream of commits it would return late (measured: p50 30-40 ms at
 * 1,000 commits/s); a relay that published something in the last second polls every 2 ms instead.
 */
public final class ChangeWaiter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWaiter.class);
  private static final long SLICE_MILLIS = 250;

  private final DataSource dataSource;
  private final String channel;
  private final Object lock = new Object();
  private Connection listening;
  private boolean woken;
  private long retryListenAt;

  /** {@code channel} null: poll only. */
  public ChangeWaiter(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  /** Returns after {@code max}, on a notification, or on {@link #wake()}. */
  public void await(Duration max) throws InterruptedException {
    PGConnection pg = channel == null ? null : listener();
    if (pg != null) {
      try {
        // In slices, so that wake() (a stop) ends a long wait soon.
        long deadline = System.nanoTime() + max.toNanos();
        long left;
        while (!takeWoken() && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
          PGNotification[] received = pg.getNotifications((int) Math.max(1, Math.min(left, SLICE_MILLIS)));
          if (received != null && received.length > 0) {
            return;
          }
        }
        return;
      } catch (SQLException e) {
        LOG.warn("LISTEN {} failed, polling until it can listen again: {}", channel, e.getMessage());
        closeListener();
      }
    }
    synchronized (lock) {
      if (!woken) {
        lock.wait(Math.max(1, max.toMillis()));
      }
      woken = false;
    }
  }

  /** Waits {@code max}, ignoring notifications (back-pressure: new rows don't help); {@link #wake()} still ends it. */
  public void sleep(Duration max) throws InterruptedException {
    synchronized (lock) {
      if (!woken) {
        lock.wait(Math.max(1, max.toMillis()));
      }
      woken = false;
    }
  }

  /** Ends a wait without a notification (the relay is stopping); a listening wait within a quarter second. */
  public void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  private boolean takeWoken() {
    synchronized (lock) {
      boolean was = woken;
      woken = false;
      return was;
    }
  }

  private PGConnection listener() {
    if (listening != null) {
      return unwrap(listening);
    }
    if (System.currentTimeMillis() < retryListenAt) {
      return null;
    }
    try {
      Connection c = dataSource.getConnection();
      try (Statement st = c.createStatement()) {
        st.execute("LISTEN " + channel); // a checked plain SQL name (RelayOptions)
      }
      listening = c;
      return unwrap(c);
    } catch (SQLException e) {
      LOG.warn("cannot LISTEN {} (polling only for a minute): {}", channel, e.getMessage());
      retryListenAt = System.currentTimeMillis() + 60_000;
      closeListener();
      return null;
    }
  }

  private static PGConnection unwrap(Connection c) {
    try {
      return c.unwrap(PGConnection.class);
    } catch (SQLException e) {
      return null;
    }
  }

  private void closeListener() {
    if (listening != null) {
      try {
        listening.close();
      } catch (SQLException ignored) {
        // already broken
      }
      listening = null;
    }
  }

  @Override
  public void close() {
    closeListener();
  }
}
