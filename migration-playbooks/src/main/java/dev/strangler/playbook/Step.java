package dev.strangler.playbook;

import java.time.Duration;

/**
 * One move of a playbook.
 *
 * @param id unique within the playbook
 * @param target where the playbook's routes point after this step
 * @param percent share of cohorts on the extracted side, for {@link Target#CANARY} only (1–99)
 * @param gate what must hold, measured by the proxy, before the step after this one may start
 * @param soak minimum time spent in this step before its gate is read; default none
 * @param approval {@code automatic} (advance when the gate passes) or {@code manual} (once the gate passed, wait for a
 *     human to approve leaving the step); default automatic
 * @param shadow for {@link Target#SHADOW} only: the share copied and sandbox mode for writes; default none (the routes
 *     keep their own shadow block)
 */
public record Step(String id, String description, Target target, Integer percent, Gate gate, Duration soak, Approval approval,
                   StepShadow shadow) {

  public Step {
    soak = soak == null ? Duration.ZERO : soak;
    approval = approval == null ? Approval.AUTOMATIC : approval;
    gate = gate == null ? Gate.NONE : gate;
  }

  /** Where traffic goes after a step. */
  public enum Target { LEGACY, SHADOW, CANARY, EXTRACTED, RETIRED }

  /** Who lets the playbook move past a step. */
  public enum Approval { AUTOMATIC, MANUAL }
}
