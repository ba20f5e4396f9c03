package dev.strangler.relay;

import java.util.List;

/** Thrown before the relay starts, with every configuration problem found, each naming its setting. */
public final class InvalidRelayConfigException extends RuntimeException {

  private final List<String> problems;

  public InvalidRelayConfigException(List<String> problems) {
    super("invalid relay configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
