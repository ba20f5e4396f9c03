package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CohortSplitTest {

  private static final int SESSIONS = 10_000;

  @Test
  void tenPercentOfTenThousandSessionsGoToTheExtractedSideWithinOneAndAHalfPoints() {
    Target.Canary canary = new Target.Canary("catalog-service", 10, Cohort.session());

    long extracted = sessions().stream().filter(s -> CohortSplit.toExtracted(canary, s)).count();

    assertThat(extracted).isBetween((long) (SESSIONS * 0.085), (long) (SESSIONS * 0.115));
  }

  @Test
  void aSessionAlwaysLandsOnTheSameSide() {
    Target.Canary canary = new Target.Canary("catalog-service", 50, Cohort.session());
    for (String session : sessions()) {
      boolean first = CohortSplit.toExtracted(canary, session);
      assertThat(CohortSplit.toExtracted(canary, session)).isEqualTo(first);
    }
  }

  @Test
  void raisingThePercentOnlyAddsCohorts() {
    Target.Canary at10 = new Target.Canary("catalog-service", 10, Cohort.session());
    Target.Canary at25 = new Target.Canary("catalog-service", 25, Cohort.session());
    Set<String> first = new HashSet<>();
    Set<String> second = new HashSet<>();
    for (String s : sessions()) {
      if (CohortSplit.toExtracted(at10, s)) {
        first.add(s);
      }
      if (CohortSplit.toExtracted(at25, s)) {
        second.add(s);
      }
    }

    assertThat(second).containsAll(first);
    assertThat(second.size()).isBetween((int) (SESSIONS * 0.235), (int) (SESSIONS * 0.265));
  }

  @Test
  void noCohortValueMeansLegacyAndTheEdgesAreExact() {
    assertThat(CohortSplit.toExtracted(new Target.Canary("svc", 100, Cohort.session()), null)).isFalse();
    assertThat(CohortSplit.toExtracted(new Target.Canary("svc", 100, Cohort.session()), "s")).isTrue();
    assertThat(CohortSplit.toExtracted(new Target.Canary("svc", 0, Cohort.session()), "s")).isFalse();
  }

  private static Set<String> sessions() {
    Set<String> out = new HashSet<>();
    java.util.Random random = new java.util.Random(42);
    while (out.size() < SESSIONS) {
      out.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return out;
  }
}
