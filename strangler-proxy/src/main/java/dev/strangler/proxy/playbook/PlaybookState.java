package dev.strangler.proxy.playbook;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a subdomain's playbook stands, as its state hash holds it: the step (index of the playbook's step count), the
 * run's state, since when at that step, the last approved step and the last transition.
 */
public record PlaybookState(String subdomain, Map<String, String> fields) {

  static final String STEP = "step";
  static final String STEP_INDEX = "stepIndex";
  static final String STEPS = "steps";
  static final String STATE = "state";
  static final String SINCE = "since";
  static final String UPDATED_AT = "updatedAt";
  static final String APPROVED_STEP = "approvedStep";
  static final String LAST_KIND = "lastKind";
  static final String LAST_ACTOR = "lastActor";
  static final String LAST_AT = "lastAt";
  static final String LAST_REASON = "lastReason";

  public PlaybookState {
    fields = Map.copyOf(fields);
  }

  public String step() {
    return fields.get(STEP);
  }

  public String state() {
    return fields.get(STATE);
  }

  public String since() {
    return fields.get(SINCE);
  }

  /**
   * The hash fields after {@code t}, recorded {@code at} by {@code actor}, but {@code since}: it moves only when the step
   * changes, so it is decided where the step before is read, in the journal's script ({@link #keepsSince}).
   */
  static Map<String, String> after(Transition t, String actor, String at) {
    Map<String, String> out = new HashMap<>();
    out.put(STEP, t.step());
    out.put(STEP_INDEX, String.valueOf(t.stepIndex()));
    out.put(STEPS, String.valueOf(t.steps()));
    out.put(STATE, t.state().label());
    out.put(UPDATED_AT, at);
    out.put(LAST_KIND, t.kind().label());
    out.put(LAST_ACTOR, actor);
    out.put(LAST_AT, at);
    out.put(LAST_REASON, t.reason() == null ? "" : t.reason());
    if (t.kind() == Transition.Kind.APPROVED) {
      out.put(APPROVED_STEP, t.step());
    } else if (t.kind() == Transition.Kind.STARTED) {
      out.put(APPROVED_STEP, ""); // a new run: nothing approved yet
    }
    return out;
  }

  /** Whether {@code t} keeps the state's {@code since} when the playbook stays at the same step: all but a new run. */
  static boolean keepsSince(Transition t) {
    return t.kind() != Transition.Kind.STARTED;
  }

  public JsonObject toJson() {
    return new JsonObject().put("subdomain", subdomain).put("step", step()).put("stepIndex", integer(STEP_INDEX))
        .put("steps", integer(STEPS)).put("state", state()).put("since", since()).put("updatedAt", fields.get(UPDATED_AT))
        .put("approvedStep", blankToNull(fields.get(APPROVED_STEP)))
        .put("last", new JsonObject().put("kind", fields.get(LAST_KIND)).put("actor", fields.get(LAST_ACTOR))
            .put("at", fields.get(LAST_AT)).put("reason", blankToNull(fields.get(LAST_REASON))));
  }

  private Integer integer(String field) {
    String value = fields.get(field);
    return value == null ? null : Integer.valueOf(value);
  }

  static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
