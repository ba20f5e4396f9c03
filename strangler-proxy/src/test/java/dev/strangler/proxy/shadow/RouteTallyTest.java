package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTallyTest {

  private final RouteTally tally = new RouteTally(3);

  @Test
  void countsOutcomesSideErrorsAndLatencyBuckets() {
    tally.compared(ShadowOutcomes.match("r", Duration.ofMillis(10), Duration.ofMillis(20)));
    tally.compared(ShadowOutcomes.mismatch("r", "/a"));
    tally.compared(ShadowOutcomes.skipped("r"));
    tally.compared(ShadowOutcomes.candidateFailed("r", Duration.ofMillis(30)));

    RouteTally.Delta delta = tally.drain();

    assertThat(delta.matched()).isEqualTo(1);
    assertThat(delta.mismatched()).isEqualTo(2);
    assertThat(delta.skipped()).isEqualTo(1);
    assertThat(delta.compared()).isEqualTo(4);
    assertThat(delta.legacyErrors()).isZero();
    assertThat(delta.candidateErrors()).isEqualTo(1);
    assertThat(delta.legacyLatency()[LatencyBuckets.of(Duration.ofMillis(10).toNanos())]).isEqualTo(1);
    assertThat(delta.candidateLatency()[LatencyBuckets.of(Duration.ofMillis(20).toNanos())]).isEqualTo(1);
    assertThat(delta.paths()).isEqualTo(Map.of("/a", 1L, "status", 1L));
  }

  @Test
  void aDeltaCarriesItsEarliestRecordingTimeWhichSurvivesAFlushThatSentNothing() {
    ShadowOutcome later = ShadowOutcomes.mismatch("r", "/a");
    ShadowOutcome earlier = new ShadowOutcome(later.at().minusSeconds(5), "r", later.epoch(), later.method(), later.uri(),
        later.legacy(), later.candidate(), later.comparison());
    tally.compared(later);
    tally.compared(earlier);
    RouteTally.Delta unsent = tally.drain();
    assertThat(unsent.firstAt()).isEqualTo(earlier.at());
    tally.dropped(ShadowResults.DropReason.UNSAFE);

    tally.restore(unsent);

    assertThat(tally.drain().firstAt()).isEqualTo(earlier.at());
    tally.dropped(ShadowResults.DropReason.UNSAFE);
    assertThat(tally.drain().firstAt()).as("drops only: no comparison time").isNull();
  }

  @Test
  void sandboxedComparisonsAreCountedApartAndSurviveAFlushThatSentNothing() {
    tally.compared(ShadowOutcomes.sandboxed(ShadowOutcomes.mismatch("r", "/status")));
    tally.compared(ShadowOutcomes.match("r", Duration.ofMillis(1), Duration.ofMillis(1)));
    RouteTally.Delta unsent = tally.drain();
    assertThat(unsent.sandboxed()).isEqualTo(1);
    assertThat(unsent.compared()).isEqualTo(2);

    tally.restore(unsent);

    RouteTally.Delta again = tally.drain();
    assertThat(again.sandboxed()).isEqualTo(1);
    assertThat(again.mismatched()).isEqualTo(1);
    assertThat(tally.drain().sandboxed()).isZero();
  }

  @Test
  void aSideThatNeverAnsweredAddsNoLatencySoADeadCandidateNeverLooksFast() {
    tally.compared(ShadowOutcomes.candidateFailed("r", Duration.ofMillis(30)));

    RouteTally.Delta delta = tally.drain();

    assertThat(delta.candidateErrors()).isEqualTo(1);
    assertThat(delta.candidateLatency()).containsOnly(0L);
    assertThat(java.util.Arrays.stream(delta.legacyLatency()).sum()).isEqualTo(1);
  }

  @Test
  void aDrainLeavesTheTallyEmpty() {
    tally.compared(ShadowOutcomes.mismatch("r", "/a"));
    tally.dropped(ShadowResults.DropReason.UNSAFE);
    tally.lostEntry();
    assertThat(tally.drain().isEmpty()).isFalse();

    RouteTally.Delta second = tally.drain();

    assertThat(second.isEmpty()).isTrue();
    assertThat(second.paths()).isEmpty();
    assertThat(second.legacyLatency()).containsOnly(0L);
  }

  @Test
  void pathsPastTheBoundAreCountedTogether() {
    tally.compared(ShadowOutcomes.mismatch("r", "/a", "/b", "/c"));
    tally.compared(ShadowOutcomes.mismatch("r", "/d", "/e", "/a"));

    assertThat(tally.drain().paths()).isEqualTo(Map.of("/a", 2L, "/b", 1L, "/c", 1L, RouteTally.OTHER_PATHS, 2L));
  }

  @Test
  void aPathCountsOncePerComparisonWhateverTheIndex() {
    tally.compared(ShadowOutcomes.mismatch("r", "/items/0/price", "/items/1/price", "/items/2/price"));

    assertThat(tally.drain().paths()).isEqualTo(Map.of("/items/*/price", 1L));
  }

  @Test
  void aFlushThatSentNothingIsRestoredWhole() {
    tally.compared(ShadowOutcomes.mismatch("r", "/a"));
    tally.compared(ShadowOutcomes.match("r", Duration.ofMillis(5), Duration.ofMillis(5)));
    tally.dropped(ShadowResults.DropReason.BODY_TOO_LARGE);
    RouteTally.Delta unsent = tally.drain();
    tally.compared(ShadowOutcomes.match("r", Duration.ofMillis(5), Duration.ofMillis(5)));

    tally.restore(unsent);
    RouteTally.Delta next = tally.drain();

    assertThat(next.matched()).isEqualTo(2);
    assertThat(next.mismatched()).isEqualTo(1);
    assertThat(next.dropped()).isEqualTo(Map.of(ShadowResults.DropReason.BODY_TOO_LARGE, 1L));
    assertThat(next.paths()).isEqualTo(Map.of("/a", 1L));
    assertThat(next.lostComparisons()).isZero();
    assertThat(next.legacyLatency()[LatencyBuckets.of(Duration.ofMillis(5).toNanos())]).isEqualTo(3);
  }

  @Test
  void aFlushThatMayHaveFailedCountsItsComparisonsAsLostAndKeepsItsDrops() {
    tally.compared(ShadowOutcomes.mismatch("r", "/a"));
    tally.compared(ShadowOutcomes.match("r", Duration.ofMillis(5), Duration.ofMillis(5)));
    tally.dropped(ShadowResults.DropReason.IN_FLIGHT_BUDGET);
    tally.lostEntry();
    RouteTally.Delta failed = tally.drain();

    tally.carryOver(failed);
    RouteTally.Delta next = tally.drain();

    assertThat(next.compared()).isZero();
    assertThat(next.paths()).isEmpty();
    assertThat(next.lostComparisons()).isEqualTo(2);
    assertThat(next.lostEntries()).isEqualTo(1);
    assertThat(next.dropped()).isEqualTo(Map.of(ShadowResults.DropReason.IN_FLIGHT_BUDGET, 1L));
  }
}
