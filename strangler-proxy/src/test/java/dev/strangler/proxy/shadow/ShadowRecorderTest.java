package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowRecorderTest {

  /** What the recorder told metrics, in order. */
  private static final class Told implements ShadowEvents {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void compared(ShadowOutcome outcome) {
      lines.add("compared " + outcome.routeId() + " " + outcome.comparison().outcome());
    }

    @Override
    public synchronized void dropped(String routeId, ShadowResults.DropReason reason) {
      lines.add("dropped " + routeId + " " + reason);
    }

    @Override
    public synchronized void lost(String routeId, Lost what, long count) {
      lines.add("lost " + routeId + " " + what + " " + count);
    }
  }

  private final Told told = new Told();
  private final ShadowRecorder recorder = new ShadowRecorder(
      ShadowResultsOptions.defaults("redis://127.0.0.1:6379").withBacklog(2), told);

  @Test
  void aComparisonIsCountedQueuedForTheStreamAndTold() {
    recorder.compared(ShadowOutcomes.match("r", Duration.ofMillis(5), Duration.ofMillis(5)));
    recorder.dropped("r", ShadowResults.DropReason.UNSAFE);

    ShadowRecorder.Drained drained = recorder.drain();

    assertThat(drained.entries()).hasSize(1);
    assertThat(drained.deltas().get("r").matched()).isEqualTo(1);
    assertThat(drained.deltas().get("r").dropped()).containsEntry(ShadowResults.DropReason.UNSAFE, 1L);
    assertThat(told.lines).containsExactly("compared r MATCH", "dropped r UNSAFE");
  }

  @Test
  void pastTheBacklogTheEntryIsLostButTheComparisonCounted() {
    for (int i = 0; i < 3; i++) {
      recorder.compared(ShadowOutcomes.mismatch("r", "/a"));
    }

    ShadowRecorder.Drained drained = recorder.drain();

    assertThat(drained.entries()).hasSize(2);
    assertThat(drained.deltas().get("r").mismatched()).isEqualTo(3);
    assertThat(drained.deltas().get("r").lostEntries()).isEqualTo(1);
    assertThat(told.lines).contains("lost r STREAM_ENTRY 1");
  }

  @Test
  void routesWithNothingNewAreNotInADrain() {
    recorder.compared(ShadowOutcomes.match("r", Duration.ofMillis(5), Duration.ofMillis(5)));
    recorder.drain();

    ShadowRecorder.Drained second = recorder.drain();

    assertThat(second.deltas()).isEmpty();
    assertThat(second.entries()).isEmpty();
  }

  @Test
  void whatAFlushCouldNotSendIsTakenAgainByTheNextUpToTheBacklog() {
    recorder.compared(ShadowOutcomes.mismatch("r", "/a"));
    recorder.compared(ShadowOutcomes.mismatch("r", "/b"));
    ShadowRecorder.Drained unsent = recorder.drain();
    recorder.compared(ShadowOutcomes.match("r", Duration.ofMillis(5), Duration.ofMillis(5)));

    recorder.flushNotSent(unsent);
    ShadowRecorder.Drained next = recorder.drain();

    assertThat(next.deltas().get("r").compared()).isEqualTo(3);
    assertThat(next.entries()).as("one newer entry took a place first").hasSize(2);
    assertThat(next.deltas().get("r").lostEntries()).isEqualTo(1);
  }

  @Test
  void whatAnUnansweredFlushCarriedIsCountedAsLost() {
    recorder.compared(ShadowOutcomes.mismatch("r", "/a"));
    recorder.compared(ShadowOutcomes.match("q", Duration.ofMillis(5), Duration.ofMillis(5)));
    ShadowRecorder.Drained failed = recorder.drain();

    recorder.flushFailed(failed);
    ShadowRecorder.Drained next = recorder.drain();

    assertThat(next.entries()).isEmpty();
    assertThat(next.deltas().get("r").lostComparisons()).isEqualTo(1);
    assertThat(next.deltas().get("r").lostEntries()).isEqualTo(1);
    assertThat(next.deltas().get("q").lostComparisons()).isEqualTo(1);
    assertThat(told.lines).contains("lost r COMPARISON 1", "lost r STREAM_ENTRY 1", "lost q COMPARISON 1");
  }
}
