package dev.strangler.proxy.shadow;

import dev.strangler.compare.Comparison;
import java.time.Instant;
import java.util.Objects;

/**
 * One shadowed request, done: what the legacy side and the candidate answered, and how they compare.
 * "Legacy" is the side whose answer is the reference (the monolith when it is the primary or the candidate; else the
 * primary); the comparison is legacy → candidate.
 *
 * @param at          when the request arrived
 * @param routeId     the route that matched
 * @param epoch       the route table epoch that routed it
 * @param method      the request's method
 * @param uri         the request's path and query as received
 * @param legacy      the reference side's answer
 * @param candidate   the other side's answer
 * @param comparison  the comparison of the two (SKIPPED with a reason when one side has no usable answer)
 * @param sandboxed   the candidate's copy was a sandboxed copy ({@code X-Strangler-Sandbox: 1}) of a write
 */
public record ShadowOutcome(Instant at, String routeId, long epoch, String method, String uri, Side legacy, Side candidate,
                            Comparison comparison, boolean sandboxed) {

  /** Of a copy that was not sandboxed. */
  public ShadowOutcome(Instant at, String routeId, long epoch, String method, String uri, Side legacy, Side candidate,
                       Comparison comparison) {
    this(at, routeId, epoch, method, uri, legacy, candidate, comparison, false);
  }

  public ShadowOutcome {
    Objects.requireNonNull(at, "at == null");
    Objects.requireNonNull(routeId, "routeId == null");
    Objects.requireNonNull(legacy, "legacy == null");
    Objects.requireNonNull(candidate, "candidate == null");
    Objects.requireNonNull(comparison, "comparison == null");
  }

  /**
   * One side's answer.
   *
   * @param backend      the backend's name in the route table
   * @param status       the status code, 0 when there was no answer
   * @param error        why there was no answer (timeout, refused, reset…), else null
   * @param latencyNanos from sending the request to the end of the answer (or the failure)
   * @param bodySample   the first bytes of the decoded body, for sample pairs (bounded; empty when none)
   */
  public record Side(String backend, int status, String error, long latencyNanos, byte[] bodySample) {

    public Side {
      Objects.requireNonNull(backend, "backend == null");
      bodySample = bodySample == null ? new byte[0] : bodySample;
    }

    /** Whether the side answered at all (a 5xx is an answer, with a latency; a refusal or a timeout is not). */
    public boolean answered() {
      return status != 0;
    }

    /** An error: no answer, or a 5xx. */
    public boolean failed() {
      return status == 0 || status >= 500;
    }
  }
}
