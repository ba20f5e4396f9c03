package dev.strangler.testsupport.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy on loopback between a client and a real server, whose faults a test applies and clears while traffic
 * flows: {@code faults.latency(Duration.ofMillis(300))}, {@code faults.reset()}, {@code faults.down().dropExisting()},
 * {@code faults.clear()}. It forwards bytes, not HTTP: any protocol over TCP (HTTP, Redis) goes through it unchanged.
 *
 * <p>Faults add up until {@link #clear()}. Latency, bandwidth and blackhole also apply to connections already open;
 * {@link #reset()} resets them at once. To make a client's keep-alive pool meet a fault on its next request, follow
 * the fault with {@link #dropExisting()}.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Duration STOP_ACCEPTING_TIMEOUT = Duration.ofSeconds(5);

  private final FaultProxyOptions options;
  private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);
  private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final int port;
  private volatile ServerSocket acceptor;
  private volatile Thread acceptThread;

  private FaultProxy(FaultProxyOptions options) {
    this.options = options;
    this.acceptor = listen(options.listenPort());
    this.port = acceptor.getLocalPort();
    this.acceptThread = acceptLoop(acceptor);
  }

  /** Starts a proxy to {@code 127.0.0.1:upstreamPort} on a free loopback port. */
  public static FaultProxy to(int upstreamPort) {
    return start(FaultProxyOptions.to(upstreamPort));
  }

  public static FaultProxy start(FaultProxyOptions options) {
    return new FaultProxy(Objects.requireNonNull(options, "options == null"));
  }

  /** The loopback port clients connect to instead of the real server's. */
  public int port() {
    return port;
  }

  /** Connections accepted since start. */
  public long accepted() {
    return accepted.get();
  }

  /** Connections open right now. */
  public int openConnections() {
    return open.size();
  }

  /** Holds back every chunk, both ways, by {@code perChunk}. */
  public FaultProxy latency(Duration perChunk) {
    return latency(perChunk, perChunk);
  }

  /** Holds back each chunk from the client by {@code upstream} and each chunk from the server by {@code downstream}. */
  public FaultProxy latency(Duration upstream, Duration downstream) {
    requireNotNegative(upstream, "upstream");
    requireNotNegative(downstream, "downstream");
    return apply(f -> f.withLatency(upstream, downstream));
  }

  /** Caps each connection, in each direction, at {@code bytesPerSecond}. */
  public FaultProxy bandwidth(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond " + bytesPerSecond + " <= 0");
    }
    return apply(f -> f.withBandwidth(bytesPerSecond));
  }

  /** Resets (TCP RST) every open connection now and every new one as soon as it is accepted. */
  public FaultProxy reset() {
    apply(Faults::withReset);
    return dropExisting();
  }

  /**
   * Lets each connection, open or new, forward {@code bytes} more to its client and then resets it: an answer cut off
   * part way, after the client saw the start of it.
   */
  public FaultProxy resetAfter(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes " + bytes + " < 0");
    }
    apply(f -> f.withResetAfter(bytes));
    open.forEach(c -> c.resetAfter(bytes));
    return this;
  }

  /** Accepts connections and reads what clients send, but forwards nothing and never answers. */
  public FaultProxy blackhole() {
    return apply(Faults::withBlackhole);
  }

  /** Stops listening: new connects are refused (connections already open stay unless dropped). */
  public synchronized FaultProxy down() {
    apply(Faults::withDown);
    stopAccepting();
    return this;
  }

  /** Resets every connection open now, so a client's pooled connections can't dodge the faults. */
  public FaultProxy dropExisting() {
    open.forEach(ProxiedConnection::reset);
    return this;
  }

  /** Removes every fault and listens again (on the same port) if it was down; open connections carry on. */
  public synchronized FaultProxy clear() {
    Faults before = faults.getAndSet(Faults.NONE);
    open.forEach(c -> c.resetAfter(-1));
    if (before.down()) {
      acceptor = listen(port);
      acceptThread = acceptLoop(acceptor);
    }
    return this;
  }

  @Override
  public synchronized void close() {
    faults.set(Faults.NONE.withDown());
    stopAccepting();
    dropExisting();
  }

  @Override
  public String toString() {
    return "FaultProxy :" + port + " -> " + options.upstreamHost() + ":" + options.upstreamPort() + " " + faults.get();
  }

  private FaultProxy apply(UnaryOperator<Faults> change) {
    faults.updateAndGet(change);
    return this;
  }

  /**
   * Closes the acceptor and waits for its thread: the port is only really closed once the thread blocked in accept has
   * left it, and until then the kernel would still complete connects.
   */
  private void stopAccepting() {
    closeQuietly(acceptor);
    try {
      acceptThread.join(STOP_ACCEPTING_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Thread acceptLoop(ServerSocket server) {
    return Thread.ofVirtual().name("fault-proxy-accept-" + port).start(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          accepted.incrementAndGet();
          ProxiedConnection[] self = new ProxiedConnection[1];
          self[0] = new ProxiedConnection(client, faults::get, options, () -> open.remove(self[0]));
          open.add(self[0]);
          self[0].start();
        } catch (IOException e) {
          return; // closed by down() or close()
        }
      }
    });
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true); // the same port again after down(), despite connections in TIME_WAIT
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on loopback port " + port, e);
    }
  }

  private static void closeQuietly(ServerSocket server) {
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    if (Objects.requireNonNull(value, name + " == null").isNegative()) {
      throw new IllegalArgumentException(name + " " + value + " < 0");
    }
  }
}
