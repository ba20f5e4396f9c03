package dev.strangler.proxy.route;

import java.util.List;

/** A route table that was refused, with every problem found, each naming its place (route id, field). */
public final class InvalidRouteTableException extends RuntimeException {

  private final List<String> problems;

  public InvalidRouteTableException(List<String> problems) {
    super("invalid route table: " + String.join("; ", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
