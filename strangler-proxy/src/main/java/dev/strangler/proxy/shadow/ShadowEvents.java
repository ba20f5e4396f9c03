package dev.strangler.proxy.shadow;

/** What shadow results tell metrics, per instance (the Redis summary is the fleet's). Called on event loops. */
public interface ShadowEvents {

  /** Tells nothing. */
  ShadowEvents NONE = new ShadowEvents() {
    @Override
    public void compared(ShadowOutcome outcome) {}

    @Override
    public void dropped(String routeId, ShadowResults.DropReason reason) {}

    @Override
    public void lost(String routeId, Lost what, long count) {}
  };

  /** What a lagging or failing Redis cost. */
  enum Lost {
    /** A stream entry not written: the backlog was full, or its flush failed. */
    STREAM_ENTRY,
    /** Comparisons not added to the fleet's summary: their flush failed. */
    COMPARISON
  }

  void compared(ShadowOutcome outcome);

  void dropped(String routeId, ShadowResults.DropReason reason);

  void lost(String routeId, Lost what, long count);
}
