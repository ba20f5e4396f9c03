package dev.strangler.servicekit;

import java.util.Objects;

/** Thrown (or failed with) by a handler to answer with a precise problem instead of a 500. */
public final class ProblemException extends RuntimeException {

  private final Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = Objects.requireNonNull(problem, "problem == null");
  }

  public Problem problem() {
    return problem;
  }
}
