package dev.strangler.acceptance.guides;

import java.nio.file.Path;
import java.util.Map;

/**
 * The lab the guides run against. With {@code -Dguides.lab=running}, the lab already up in the checkout on its
 * default ports (for writing guides); otherwise one the test starts and stops.
 */
final class GuideLab implements AutoCloseable {

  private final Map<String, String> environment;
  private final Map<String, String> rewrites;
  private final Runnable stop;

  private GuideLab(Map<String, String> environment, Map<String, String> rewrites, Runnable stop) {
    this.environment = environment;
    this.rewrites = rewrites;
    this.stop = stop;
  }

  static GuideLab start(Path root) {
    if ("running".equals(System.getProperty("guides.lab"))) {
      return new GuideLab(Map.of(), Map.of(), () -> { });
    }
    throw new IllegalStateException("starting a lab for the guides is not written yet: run with -Dguides.lab=running");
  }

  /** Settings every guide command runs with. */
  Map<String, String> environment() {
    return environment;
  }

  /** What the guides say (an address, a file) and what this lab has instead. */
  Map<String, String> rewrites() {
    return rewrites;
  }

  @Override
  public void close() {
    stop.run();
  }
}
