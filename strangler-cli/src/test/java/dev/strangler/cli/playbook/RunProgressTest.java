package dev.strangler.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.playbook.Check.Status;
import dev.strangler.cli.playbook.Verdict.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    private static final Position AT = new Position("catalog", "canary-5", 2, 7);
    private static final GateNumbers NUMBERS = new GateNumbers(GateNumbers.TRAFFIC, 40, null, 0.002, 3.5, Map.of());
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private RunProgress progress(boolean json, boolean inPlace) {
        return new RunProgress(new PrintWriter(out), new PrintWriter(err), json, inPlace, CLOCK);
    }

    private static Verdict verdict(Outcome outcome) {
        return new Verdict(outcome, List.of(
                new Check("minComparedRequests", 40.0, 500.0, Status.WAITING, "not yet traffic samples enough"),
                new Check("maxErrorRateDelta", 0.002, 0.001, Status.OVER, null)));
    }

    @Test
    void aReadingShowsTheStepTheSoakLeftAndEachFigureAgainstItsLimit() {
        RunProgress progress = progress(false, false);

        progress.reading(AT, "soaking", Duration.ofSeconds(754), NUMBERS, verdict(Outcome.BREACHED));

        assertThat(err.toString()).isEqualTo("[catalog 3/7 canary-5] soaking 12m34s left | traffic sample 40 | minComparedRequests 40 of 500 "
                + "waiting (not yet traffic samples enough) | maxErrorRateDelta 0.20% max 0.10% OVER => breached" + System.lineSeparator());
    }

    @Test
    void withoutATerminalAReadingIsWrittenOnlyWhenTheOutcomeChanges() {
        RunProgress progress = progress(false, false);

        progress.reading(AT, "soaking", Duration.ofSeconds(10), NUMBERS, verdict(Outcome.SOAKING));
        progress.reading(AT, "soaking", Duration.ofSeconds(9), NUMBERS, verdict(Outcome.SOAKING));
        progress.reading(AT, "gate", Duration.ZERO, NUMBERS, verdict(Outcome.PENDING));

        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void atATerminalTheReadingIsRedrawnInPlaceAndAnEventEndsTheLine() {
        RunProgress progress = progress(false, true);

        progress.reading(AT, "soaking", Duration.ofSeconds(10), NUMBERS, verdict(Outcome.SOAKING));
        progress.reading(AT, "soaking", Duration.ofSeconds(9), NUMBERS, verdict(Outcome.SOAKING));
        progress.event("rolled-back", AT, "routes back on shadow", null);

        assertThat(err.toString()).startsWith("\r\033[K[catalog 3/7 canary-5] soaking 10.0s left").contains("\r\033[K[catalog 3/7 canary-5] soaking 9.0s left")
                .endsWith(System.lineSeparator());
        assertThat(out.toString()).isEqualTo("[catalog 3/7 canary-5] rolled-back: routes back on shadow" + System.lineSeparator());
    }

    @Test
    void withJsonEventsAndReadingsAreJsonLinesOnStdout() throws Exception {
        RunProgress progress = progress(true, false);

        progress.reading(AT, "soaking", Duration.ofSeconds(10), NUMBERS, verdict(Outcome.SOAKING));
        progress.event("advanced", AT, "catalog-api -> canary catalog-service 5%", null);

        List<String> lines = out.toString().lines().toList();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).path("event").asText()).isEqualTo("reading");
        assertThat(json.readTree(lines.get(0)).at("/figures/errorRateDelta").asDouble()).isEqualTo(0.002);
        assertThat(json.readTree(lines.get(0)).at("/gate/outcome").asText()).isEqualTo("soaking");
        assertThat(json.readTree(lines.get(1)).path("stepIndex").asInt()).isEqualTo(2);
        assertThat(json.readTree(lines.get(1)).path("message").asText()).contains("canary catalog-service 5%");
        assertThat(err.toString()).isEmpty();
    }
}
