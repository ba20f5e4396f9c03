package dev.strangler.proxy.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionTest {

  private final List<String> problems = new ArrayList<>();

  private static JsonObject valid() {
    return new JsonObject().put("kind", "rolled-back").put("step", "shadow").put("stepIndex", 1).put("steps", 7)
        .put("from", "canary-5").put("state", "rolled-back").put("reason", "gate failed").put("numbers", new JsonObject().put("errorRate", 0.2));
  }

  @Test
  void aValidTransitionIsReadWithEveryField() {
    Transition t = Transition.parse(valid(), problems);

    assertThat(problems).isEmpty();
    assertThat(t).isEqualTo(new Transition(Transition.Kind.ROLLED_BACK, "shadow", 1, 7, "canary-5", Transition.State.ROLLED_BACK,
        "gate failed", new JsonObject().put("errorRate", 0.2)));
  }

  @Test
  void reasonNumbersAndFromMayBeLeftOut() {
    Transition t = Transition.parse(valid().put("from", null).put("reason", null).put("numbers", null), problems);

    assertThat(problems).isEmpty();
    assertThat(t.from()).isNull();
    assertThat(t.numbers()).isNull();
  }

  @Test
  void everyProblemIsListedAndNothingIsRead() {
    Transition t = Transition.parse(new JsonObject().put("kind", 3).put("step", " ").put("stepIndex", -1).put("steps", "7")
        .put("state", "soaking").put("from", "a\nb").put("reason", 5), problems);

    assertThat(t).isNull();
    assertThat(problems).containsExactly(
        "kind: one of started, advanced, waiting-approval, approved, gate-failed, rolled-back, completed, aborted, required",
        "step: a step id (one line of text, up to 100 characters), required",
        "from: a step id (one line of text, up to 100 characters), or null",
        "steps: a whole number from 1 to 1000, required",
        "stepIndex: a whole number from 0 to 1000, required",
        "reason: text of up to 2000 characters, or absent");
  }

  @Test
  void aStatesFieldsFollowTheTransitionAndOnlyANewRunDropsItsSinceOnTheSameStep() {
    Transition waiting = Transition.parse(valid().put("kind", "waiting-approval").put("step", "canary-5").put("state", "waiting-approval"), problems);
    Transition restarted = Transition.parse(valid().put("kind", "started").put("step", "canary-5").put("state", "soaking"), problems);

    assertThat(PlaybookState.after(waiting, "runner", "T2")).containsEntry("step", "canary-5").containsEntry("updatedAt", "T2")
        .containsEntry("state", "waiting-approval").doesNotContainKey("since").doesNotContainKey("approvedStep");
    assertThat(PlaybookState.after(restarted, "runner", "T3")).containsEntry("approvedStep", "").doesNotContainKey("since");
    assertThat(PlaybookState.keepsSince(waiting)).isTrue();
    assertThat(PlaybookState.keepsSince(restarted)).isFalse();
    assertThat(problems).isEmpty();
  }
}
