package dev.strangler.servicekit.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a service's {@code main} ends, whatever command ran: with the command's exit code, unless the command started the
 * service ({@link ServiceProcess#serve}), which then lives on Vert.x's threads until SIGTERM.
 */
public final class CommandExit {

  private static final AtomicBoolean SERVING = new AtomicBoolean();

  private CommandExit() {}

  /** Called by {@link ServiceProcess#serve} once the service runs. */
  static void serving() {
    SERVING.set(true);
  }

  /** Exits the JVM with {@code code} unless a service runs now. */
  public static void exit(int code) {
    if (!SERVING.get()) {
      System.exit(code);
    }
  }
}
