package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static int line;

    private static Recorded recorded(String route, String session) {
        line++;
        return new Recorded(line, new CapturedExchange(Instant.EPOCH.plusSeconds(line), route, 1, session, "safe",
                new CapturedRequest("GET", "/" + line, Map.of(), null, false),
                new CapturedResponse(200, Map.of(), null, false, 1, "legacy")));
    }

    private static List<List<Integer>> lines(List<List<Recorded>> units) {
        return units.stream().map(unit -> unit.stream().map(Recorded::line).toList()).toList();
    }

    @Test
    void aSessionIsOneUnitInFileOrderAndALoneRequestIsItsOwn() {
        line = 0;
        List<Recorded> records = List.of(recorded("a", "s1"), recorded("a", null), recorded("b", "s2"),
                recorded("a", "s1"), recorded("b", null), recorded("b", "s2"), recorded("a", "s1"));

        assertThat(lines(ReplayPlan.units(records, Set.of())))
                .containsExactly(List.of(1, 4, 7), List.of(2), List.of(3, 6), List.of(5));
    }

    @Test
    void onlyTheChosenRoutesAreKept() {
        line = 0;
        List<Recorded> records = List.of(recorded("a", "s1"), recorded("b", "s1"), recorded("a", null), recorded("c", null));

        assertThat(lines(ReplayPlan.units(records, Set.of("a", "c")))).containsExactly(List.of(1), List.of(3), List.of(4));
    }

    @Test
    void anEmptyCaptureHasNoUnits() {
        assertThat(ReplayPlan.units(List.of(), Set.of())).isEmpty();
    }
}
