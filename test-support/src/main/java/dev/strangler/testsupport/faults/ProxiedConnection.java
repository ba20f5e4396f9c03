package dev.strangler.testsupport.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One client connection accepted by a {@link FaultProxy} and its connection to the real server: two pumps (one per
 * direction) that forward chunk by chunk, reading the proxy's current faults before each chunk.
 */
final class ProxiedConnection {

  private final Socket client;
  private final Supplier<Faults> faults;
  private final FaultProxyOptions options;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Bytes this connection may still send its client before it is reset; -1 means no limit. */
  private final AtomicLong resetBudget = new AtomicLong(-1);
  private final AtomicBoolean oneDirectionDone = new AtomicBoolean();
  private volatile Socket upstream;

  ProxiedConnection(Socket client, Supplier<Faults> faults, FaultProxyOptions options, Runnable onClose) {
    this.client = client;
    this.faults = faults;
    this.options = options;
    this.onClose = onClose;
  }

  /** Serves the connection on virtual threads: connects upstream, then pumps both ways. */
  void start() {
    Faults now = faults.get();
    if (now.reset() || now.down()) {
      reset(); // accepted just as the proxy went down: refused after all, and too late for dropExisting to see it
      return;
    }
    resetAfter(now.resetAfterBytes());
    if (now.blackhole()) {
      Thread.ofVirtual().name("fault-proxy-blackhole").start(this::swallow);
      return;
    }
    Thread.ofVirtual().name("fault-proxy-connect").start(() -> {
      try {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(options.upstreamHost(), options.upstreamPort()),
            (int) options.connectTimeout().toMillis());
        upstream = socket;
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        reset(); // what a client would see from a server that is gone
        return;
      }
      if (closed.get()) {
        abort(upstream); // reset while connecting: reset() could not close what did not exist yet
        return;
      }
      Thread.ofVirtual().name("fault-proxy-up").start(() -> pump(client, upstream, true));
      Thread.ofVirtual().name("fault-proxy-down").start(() -> pump(upstream, client, false));
    });
  }

  /** From now on, resets the connection once it forwarded {@code bytes} more to its client; -1: never. */
  void resetAfter(long bytes) {
    resetBudget.set(bytes);
  }

  /** Closes both sides with a TCP RST (SO_LINGER 0): the peer sees "connection reset", not an orderly end. */
  void reset() {
    if (closed.compareAndSet(false, true)) {
      abort(client);
      abort(upstream);
      onClose.run();
    }
  }

  private void pump(Socket from, Socket to, boolean towardsServer) {
    byte[] chunk = new byte[options.chunkSize()];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      while (!closed.get()) {
        Faults now = faults.get();
        int want = now.bytesPerSecond() > 0 ? (int) Math.clamp(now.bytesPerSecond() / 20, 1, chunk.length) : chunk.length;
        int read = in.read(chunk, 0, want);
        if (read < 0) {
          halfClose(to);
          return;
        }
        now = faults.get();
        if (now.blackhole()) {
          continue; // read and dropped: the other side never hears of it
        }
        pause(now.latency(towardsServer));
        int forward = towardsServer ? read : budgeted(read);
        out.write(chunk, 0, forward);
        out.flush();
        if (forward < read || (!towardsServer && resetBudget.get() == 0)) {
          reset();
          return;
        }
        if (now.bytesPerSecond() > 0) {
          pause(Duration.ofNanos(read * 1_000_000_000L / now.bytesPerSecond()));
        }
      }
    } catch (IOException e) {
      reset(); // one side failed: the other sees it fail too
    }
  }

  /** How many of {@code read} bytes may still go to the client before its reset. */
  private int budgeted(int read) {
    while (true) {
      long budget = resetBudget.get();
      if (budget < 0) {
        return read;
      }
      int allowed = (int) Math.min(budget, read);
      if (resetBudget.compareAndSet(budget, budget - allowed)) {
        return allowed;
      }
    }
  }

  /** A blackholed connection: everything the client sends is read and dropped, nothing is answered. */
  private void swallow() {
    byte[] sink = new byte[options.chunkSize()];
    try (InputStream in = client.getInputStream()) {
      while (in.read(sink) >= 0) {
        // dropped
      }
      reset();
    } catch (IOException e) {
      reset();
    }
  }

  private void halfClose(Socket to) {
    try {
      to.shutdownOutput();
    } catch (IOException ignored) {
      // already gone
    }
    if (!oneDirectionDone.compareAndSet(false, true) && closed.compareAndSet(false, true)) {
      close(client);
      close(upstream);
      onClose.run();
    }
  }

  private static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay); // the fault itself: this connection's chunk is held back
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void abort(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // closed already: close() below is a no-op
    }
    close(socket);
  }

  private static void close(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
