package dev.strangler.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GapTrackerTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  /** A horizon whose transactions end when the test says so: mark n is passed once {@code ended >= n}. */
  private long nextMark = 100;
  private long ended = 0;
  private final TransactionHorizon horizon = new TransactionHorizon() {
    @Override
    public long mark() {
      return nextMark;
    }

    @Override
    public boolean passed(long mark) {
      return ended >= mark;
    }
  };

  private final GapTracker gaps = new GapTracker(Duration.ofSeconds(1), Duration.ofMinutes(1), horizon, clock);

  /** A poll as the relay makes it: the horizon read, then the rows (given), then the plan. */
  private GapTracker.Plan plan(List<OutboxRow> rows, OptionalLong lastAppended) throws Exception {
    gaps.beforeRead();
    return gaps.plan(rows, lastAppended);
  }

  @Test
  void aTransactionThatCommitsBetweenTheHorizonAndTheRowsIsNotTakenForARollback() throws Exception {
    plan(rows(7), OptionalLong.of(5));
    now = now.plusSeconds(2);
    plan(rows(7), OptionalLong.of(5)); // the grace is over: the mark is taken
    gaps.beforeRead(); // transaction 6 still runs
    ended = 100; // and commits now: the rows below were read before its commit, without it

    GapTracker.Plan plan = gaps.plan(rows(7), OptionalLong.of(5));

    assertThat(sequences(plan)).as("6 may have committed: its row is read next time").isEmpty();
    assertThat(plan.gapsSkipped()).isZero();
    assertThat(sequences(plan(rows(6, 7), OptionalLong.of(5)))).containsExactly(6L, 7L);
  }

  @Test
  void contiguousRowsAllGo() throws Exception {
    assertThat(sequences(plan(rows(5, 6, 7), OptionalLong.of(4)))).containsExactly(5L, 6L, 7L);
  }

  @Test
  void rowsAfterAGapWaitForTheGrace() throws Exception {
    assertThat(sequences(plan(rows(5, 7, 8), OptionalLong.of(4)))).containsExactly(5L);
    now = now.plusMillis(999);
    assertThat(sequences(plan(rows(7, 8), OptionalLong.of(5)))).isEmpty();
  }

  @Test
  void aGapPastTheGraceStillWaitsForTransactionsRunningWhenTheGraceEnded() throws Exception {
    plan(rows(7), OptionalLong.of(5));
    now = now.plusSeconds(2);
    GapTracker.Plan waiting = plan(rows(7), OptionalLong.of(5));
    assertThat(sequences(waiting)).isEmpty();
    assertThat(waiting.blockedFor()).isEqualTo(Duration.ofSeconds(2));

    ended = 100;
    GapTracker.Plan passed = plan(rows(7), OptionalLong.of(5));
    assertThat(sequences(passed)).containsExactly(7L);
    assertThat(passed.gapsSkipped()).isEqualTo(1);
  }

  @Test
  void theMarkIsTakenAfterTheGraceNotAtTheSighting() throws Exception {
    plan(rows(7), OptionalLong.of(5));
    nextMark = 200; // transactions that got their ids during the grace are waited for too
    now = now.plusSeconds(2);
    ended = 150;
    assertThat(sequences(plan(rows(7), OptionalLong.of(5)))).isEmpty();
    ended = 200;
    assertThat(sequences(plan(rows(7), OptionalLong.of(5)))).containsExactly(7L);
  }

  @Test
  void gapsInOneBatchAgeTogether() throws Exception {
    plan(rows(7, 9, 11), OptionalLong.of(5));
    now = now.plusSeconds(2);
    assertThat(sequences(plan(rows(7, 9, 11), OptionalLong.of(5)))).as("every gap marked at once").isEmpty();
    ended = 100;
    GapTracker.Plan plan = plan(rows(7, 9, 11), OptionalLong.of(5));
    assertThat(sequences(plan)).containsExactly(7L, 9L, 11L);
    assertThat(plan.gapsSkipped()).isEqualTo(3);
  }

  @Test
  void aPartlyFilledGapKeepsItsAge() throws Exception {
    plan(rows(9), OptionalLong.of(5)); // 6, 7, 8 missing
    now = now.plusSeconds(2);
    // 6 commits: 7 and 8 are missing since the first sighting, not since now
    assertThat(sequences(plan(rows(6, 9), OptionalLong.of(5)))).containsExactly(6L);
    ended = 100;
    assertThat(sequences(plan(rows(9), OptionalLong.of(6)))).containsExactly(9L);
  }

  @Test
  void afterTheMaximumWaitAGapIsPassedWhateverStillRuns() throws Exception {
    plan(rows(7), OptionalLong.of(5));
    now = now.plus(Duration.ofMinutes(1));
    assertThat(sequences(plan(rows(7), OptionalLong.of(5)))).containsExactly(7L);
  }

  @Test
  void rowsAtOrBelowTheLastAppendedGoAtOnceAsReplaysOrLateRows() throws Exception {
    assertThat(sequences(plan(rows(3, 5, 6), OptionalLong.of(5)))).containsExactly(3L, 5L, 6L);
  }

  @Test
  void withNothingAppendedYetTheFirstRowWaitsLikeAGapUnlessItIsTheFirstSequence() throws Exception {
    assertThat(sequences(plan(rows(1, 2), OptionalLong.empty()))).containsExactly(1L, 2L);
    GapTracker fresh = new GapTracker(Duration.ofSeconds(1), Duration.ofMinutes(1), horizon, clock);
    assertThat(sequences(fresh.plan(rows(40, 41), OptionalLong.empty()))).isEmpty();
    now = now.plusSeconds(2);
    fresh.beforeRead();
    assertThat(sequences(fresh.plan(rows(40, 41), OptionalLong.empty()))).as("marked").isEmpty();
    ended = 100;
    fresh.beforeRead();
    assertThat(sequences(fresh.plan(rows(40, 41), OptionalLong.empty()))).containsExactly(40L, 41L);
  }

  @Test
  void withoutSnapshotsTheGraceAloneDecides() throws Exception {
    GapTracker timeOnly = new GapTracker(Duration.ofSeconds(1), Duration.ofMinutes(1), TransactionHorizon.NONE, clock);
    assertThat(sequences(timeOnly.plan(rows(7), OptionalLong.of(5)))).isEmpty();
    now = now.plusSeconds(1);
    assertThat(sequences(timeOnly.plan(rows(7), OptionalLong.of(5)))).containsExactly(7L);
  }

  private static List<OutboxRow> rows(long... sequences) {
    return LongStream.of(sequences).mapToObj(s -> new OutboxRow(s, "e" + s, "Product", "P", "ProductUpdated", "{}",
        Instant.EPOCH)).toList();
  }

  private static List<Long> sequences(GapTracker.Plan plan) {
    return plan.rows().stream().map(OutboxRow::sequence).toList();
  }
}
