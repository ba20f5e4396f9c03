package dev.strangler.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Netty transport under the proxy's event loops ({@code STRANGLER_TRANSPORT}). {@link #AUTO} takes Linux epoll where it
 * loads and the JDK's NIO elsewhere. {@link #IO_URING} is opt-in: on one core it measured more throughput (x1.20 at 1 KiB,
 * x1.09 at 64 KiB) but a higher p99 at 1 KiB (bench/results/20261129-levers.txt); Vert.x 5.0 does not run its own tests
 * on it, and container runtimes often forbid it (Docker's default seccomp profile).
 */
public enum EventLoopTransport {
  AUTO("auto"),
  EPOLL("epoll"),
  IO_URING("io_uring"),
  NIO("nio");

  private final String setting;

  EventLoopTransport(String setting) {
    this.setting = setting;
  }

  /** How the setting spells it. */
  public String setting() {
    return setting;
  }

  /** The transport a setting names, ignoring case and surrounding blanks; empty for anything else. */
  public static Optional<EventLoopTransport> parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.setting.equals(v)).findFirst();
  }

  /** Every spelling the setting accepts, for error messages. */
  public static String choices() {
    return Arrays.stream(values()).map(EventLoopTransport::setting).collect(Collectors.joining(", "));
  }

  /**
   * The Vert.x transport to build on. {@link #AUTO} resolves to epoll if it loads, else NIO; an explicit native choice
   * that can't run here fails with the platform's reason rather than quietly running on another one.
   *
   * @throws UnavailableTransportException when an explicitly chosen transport can't run on this machine
   */
  public Transport resolve() {
    return switch (this) {
      case AUTO -> Transport.EPOLL != null && Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      case EPOLL -> require(Transport.EPOLL);
      case IO_URING -> require(Transport.IO_URING);
      case NIO -> Transport.NIO;
    };
  }

  /**
   * A Vert.x instance on this transport.
   *
   * @throws UnavailableTransportException when an explicitly chosen transport can't run on this machine
   */
  public Vertx vertx(VertxOptions options) {
    return Vertx.builder().with(options).withTransport(resolve()).build();
  }

  /** The transport this resolves to, for the startup log; under {@link #AUTO} on Linux, why epoll was not taken. */
  public String describe() {
    Transport resolved = resolve();
    if (this != AUTO) {
      return resolved.name();
    }
    if (resolved == Transport.NIO && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return resolved.name() + " (auto: epoll unavailable: " + reason(Transport.EPOLL) + ")";
    }
    return resolved.name() + " (auto)";
  }

  private Transport require(Transport transport) {
    if (transport == null || !transport.available()) {
      throw new UnavailableTransportException(setting + " can't run here: " + reason(transport));
    }
    return transport;
  }

  /** Why a transport can't run; null: Vert.x does not offer it here (its classes are missing on this platform). */
  private static String reason(Transport transport) {
    if (transport == null) {
      return "Vert.x does not offer it on this platform";
    }
    Throwable cause = transport.unavailabilityCause();
    if (cause == null) {
      return "not available on this platform";
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  /** An explicitly chosen transport can't run on this machine (wrong OS, kernel, or a sandbox forbids it). */
  public static final class UnavailableTransportException extends RuntimeException {
    UnavailableTransportException(String message) {
      super(message);
    }
  }
}
