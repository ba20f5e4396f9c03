package dev.strangler.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.playbook.StartPoint.Mode;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.PlaybookLoader;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartPointTest {

    private static final Playbook CATALOG = PlaybookLoader.parse("""
            apiVersion: strangler/v1
            subdomain: catalog
            service: catalog-service
            routes: [catalog-api]
            steps:
              - {id: legacy, target: legacy}
              - {id: shadow, target: shadow}
              - {id: canary-5, target: canary, percent: 5}
            """, "catalog.yaml");

    private static StartPoint from(String state, String step, int index) throws Exception {
        return StartPoint.of(CATALOG, Optional.of(new ObjectMapper().readTree("""
                {"subdomain": "catalog", "step": "%s", "stepIndex": %d, "steps": 3, "state": "%s",
                 "since": "2026-11-29T12:00:00Z",
                 "transitions": [{"id": "9-0", "kind": "approved", "step": "%s"}, {"id": "8-0", "kind": "advanced", "step": "%s"}]}
                """.formatted(step, index, state, step, step))));
    }

    @Test
    void withoutAJournalTheRunStartsAtTheFirstStep() {
        StartPoint start = StartPoint.of(CATALOG, Optional.empty());

        assertThat(start).isEqualTo(new StartPoint(0, Mode.ENTER, null, null, null));
    }

    @Test
    void aSoakingStepGoesOnSoakingFromWhenItWasEnteredAndApprovalsAfterTheLastMoveCount() throws Exception {
        StartPoint start = from("soaking", "shadow", 1);

        assertThat(start.mode()).isEqualTo(Mode.SOAK);
        assertThat(start.index()).isEqualTo(1);
        assertThat(start.since()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(start.lastId()).isEqualTo("8-0");
    }

    @Test
    void eachJournalStateHasItsWayToGoOn() throws Exception {
        assertThat(from("waiting-approval", "shadow", 1).mode()).isEqualTo(Mode.APPROVAL);
        assertThat(from("aborted", "shadow", 1).mode()).isEqualTo(Mode.SOAK);
        assertThat(from("completed", "canary-5", 2).mode()).isEqualTo(Mode.DONE);
        StartPoint afterRollback = from("rolled-back", "shadow", 1);
        assertThat(afterRollback.mode()).isEqualTo(Mode.ENTER);
        assertThat(afterRollback.from()).isEqualTo("shadow");
    }

    @Test
    void aJournalThatDisagreesWithThePlaybookIsRefused() {
        CliFailure failure = catchThrowableOfType(CliFailure.class, () -> from("soaking", "canary-25", 2));

        assertThat(failure.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(failure.getMessage()).contains("says step 'canary-25' (3 of 3), which is not this playbook's");
    }
}
