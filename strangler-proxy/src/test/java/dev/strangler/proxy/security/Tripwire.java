package dev.strangler.proxy.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real listener on its own loopback port whose address the SSRF attacks aim at (often called a canary listener; here
 * a tripwire, since a canary is a route target): it accepts and counts every connection, so "the proxy never connected
 * there" is a number that must stay zero, not the absence of an error.
 */
final class Tripwire implements AutoCloseable {

  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();

  private Tripwire() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tripwire-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static Tripwire start() {
    try {
      return new Tripwire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  /** {@code 127.0.0.1:port}, as the attacks write it. */
  String address() {
    return "127.0.0.1:" + port();
  }

  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket ignored = socket.accept()) {
        connections.incrementAndGet();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
