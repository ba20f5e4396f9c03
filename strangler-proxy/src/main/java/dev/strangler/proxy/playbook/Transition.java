package dev.strangler.proxy.playbook;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One transition of a subdomain's playbook as its runner reports it: what happened ({@code kind}), the step the playbook
 * is at after it (with its index and the playbook's step count), the step before, where the run now stands, why, and the
 * gate figures read.
 */
public record Transition(Kind kind, String step, int stepIndex, int steps, String from, State state, String reason,
                         JsonObject numbers) {

  /** A step id: what a playbook's steps are named by (any text of one line, not blank). */
  private static final Pattern STEP = Pattern.compile("(?=.*\\S)[^\\p{Cntrl}]{1,100}");
  /** Longest reason kept. */
  public static final int MAX_REASON = 2_000;

  /** What happened. */
  public enum Kind {
    STARTED, ADVANCED, WAITING_APPROVAL, APPROVED, GATE_FAILED, ROLLED_BACK, COMPLETED, ABORTED;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<Kind> of(String label) {
      return Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
    }
  }

  /** Where the run stands. */
  public enum State {
    SOAKING, WAITING_APPROVAL, ROLLED_BACK, COMPLETED, ABORTED;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<State> of(String label) {
      return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }
  }

  /** A step id, or a problem ({@code field: ...}) added to {@code problems}. */
  static String stepId(Object value, String field, boolean required, List<String> problems) {
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s) || !STEP.matcher(s).matches()) {
      problems.add(field + ": a step id (one line of text, up to 100 characters)" + (required ? ", required" : ", or null"));
      return null;
    }
    return s;
  }

  /** Reads a transition from a request body; every problem found is added to {@code problems} (then it returns null). */
  public static Transition parse(JsonObject body, List<String> problems) {
    List<String> found = new ArrayList<>();
    Optional<Kind> kind = body.getValue("kind") instanceof String k ? Kind.of(k) : Optional.empty();
    if (kind.isEmpty()) {
      found.add("kind: one of " + labels(Kind.values()) + ", required");
    }
    Optional<State> state = body.getValue("state") instanceof String s ? State.of(s) : Optional.empty();
    if (state.isEmpty()) {
      found.add("state: one of " + labels(State.values()) + ", required");
    }
    String step = stepId(body.getValue("step"), "step", true, found);
    String from = stepId(body.getValue("from"), "from", false, found);
    Integer steps = whole(body.getValue("steps"), "steps", 1, found);
    Integer stepIndex = whole(body.getValue("stepIndex"), "stepIndex", 0, found);
    if (steps != null && stepIndex != null && stepIndex >= steps) {
      found.add("stepIndex: below steps (" + steps + "), was " + stepIndex);
    }
    Object reason = body.getValue("reason");
    if (reason != null && (!(reason instanceof String r) || r.length() > MAX_REASON)) {
      found.add("reason: text of up to " + MAX_REASON + " characters, or absent");
    }
    Object numbers = body.getValue("numbers");
    if (numbers != null && !(numbers instanceof JsonObject)) {
      found.add("numbers: a JSON object (the gate figures read), or absent");
    }
    problems.addAll(found);
    if (!found.isEmpty()) {
      return null;
    }
    return new Transition(kind.get(), step, stepIndex, steps, from, state.get(), (String) reason, (JsonObject) numbers);
  }

  private static Integer whole(Object value, String field, int min, List<String> problems) {
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      if (n >= min && n <= 1_000) {
        return (int) n;
      }
    }
    problems.add(field + ": a whole number from " + min + " to 1000, required");
    return null;
  }

  private static String labels(Enum<?>[] values) {
    return String.join(", ", Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
  }
}
