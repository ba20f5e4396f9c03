package dev.strangler.servicekit.config;

import java.util.List;

/** Thrown at start-up with every configuration problem found, each naming its setting. */
public final class InvalidConfigException extends RuntimeException {

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super("invalid configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
