package dev.strangler.servicekit;

import java.util.Objects;

/** One invalid input field of a 400 problem: which field, and what is wrong with it. */
public record FieldProblem(String field, String message) {

  public FieldProblem {
    Objects.requireNonNull(field, "field == null");
    Objects.requireNonNull(message, "message == null");
  }
}
