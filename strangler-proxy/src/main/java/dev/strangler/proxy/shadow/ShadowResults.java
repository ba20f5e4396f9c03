package dev.strangler.proxy.shadow;

/**
 * Where shadowing reports to: each comparison done, each copy not sent. Called on event loops: implementations must
 * not block (hand slow work such as Redis writes off, bounded) and must be thread-safe.
 */
public interface ShadowResults {

  /** Reports nothing. */
  ShadowResults NONE = new ShadowResults() {
    @Override
    public void compared(ShadowOutcome outcome) {}

    @Override
    public void dropped(String routeId, DropReason reason) {}
  };

  /** Tells only {@code events} (the metrics): for a proxy without a Redis for results. */
  static ShadowResults of(ShadowEvents events) {
    return new ShadowResults() {
      @Override
      public void compared(ShadowOutcome outcome) {
        events.compared(outcome);
      }

      @Override
      public void dropped(String routeId, DropReason reason) {
        events.dropped(routeId, reason);
      }
    };
  }

  /** A shadowed request was answered by both sides (or one side failed) and compared. */
  void compared(ShadowOutcome outcome);

  /** A sampled request's copy was not sent, or its result not compared. */
  void dropped(String routeId, DropReason reason);

  /** Why a copy was dropped. */
  enum DropReason {
    /** The request body was over the route's shadow size cap. */
    BODY_TOO_LARGE,
    /** The route already had its in-flight budget of copies outstanding. */
    IN_FLIGHT_BUDGET,
    /** The route is unsafe and not in sandbox mode: a write is copied only as a sandboxed copy ({@code shadow.sandbox}). */
    UNSAFE,
    /** The comparison queue was full. */
    COMPARE_QUEUE_FULL,
    /** The primary's response body was over the compare cap, or the client left before it ended. */
    PRIMARY_INCOMPLETE,
    /** The candidate refused connections lately: copies to it rest for the cool-down ({@link CandidateBreakers}). */
    CANDIDATE_DOWN,
    /**
     * The route's session snapshot ({@code shadow.sandboxSession}) could not be taken: the session store did not answer
     * in time, or the snapshot was unusable (not JSON, over {@link SessionSnapshot#MAX_HEADER_BYTES}). The primary went
     * on unchanged.
     */
    SESSION_SNAPSHOT
  }
}
