package dev.strangler.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Sends POSIX signals to processes a test started: ProcessHandle can terminate and kill, but not stop or continue. */
final class Signals {

  private Signals() {}

  /** {@code kill -<name> <pid>}, e.g. {@code STOP} or {@code CONT}; fails when the signal could not be sent. */
  static void send(String name, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
