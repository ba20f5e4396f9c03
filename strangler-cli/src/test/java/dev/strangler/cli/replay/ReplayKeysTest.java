package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayKeysTest {

    private static Recorded recorded(int line, String sideEffect, String method, String body) {
        return new Recorded(line, new CapturedExchange(Instant.parse("2026-11-01T10:00:00Z"), "orders", 1, null, sideEffect,
                new CapturedRequest(method, "/api/orders", Map.of(), body.getBytes(StandardCharsets.UTF_8), false),
                new CapturedResponse(201, Map.of(), null, false, 1, "legacy")));
    }

    @Test
    void theSameCapturedWriteGetsTheSameKeyEveryTimeSoRetriesAndResumesRunItOnce() {
        assertThat(ReplayKeys.of(recorded(3, "unsafe", "POST", "{\"n\":1}"), ReplayKeys.Pass.LEGACY))
                .isEqualTo(ReplayKeys.of(recorded(3, "unsafe", "POST", "{\"n\":1}"), ReplayKeys.Pass.LEGACY))
                .matches("replay-[0-9a-f]{32}-legacy");
    }

    @Test
    void eachPassIsAWriteOfItsOwn() {
        Recorded write = recorded(3, "unsafe", "POST", "{}");
        assertThat(ReplayKeys.of(write, ReplayKeys.Pass.LEGACY)).isNotEqualTo(ReplayKeys.of(write, ReplayKeys.Pass.LEGACY_AGAIN))
                .isNotEqualTo(ReplayKeys.of(write, ReplayKeys.Pass.CANDIDATE));
        assertThat(ReplayKeys.of(write, ReplayKeys.Pass.LEGACY_AGAIN)).endsWith("-legacy-again");
    }

    @Test
    void anotherLineOrBodyIsAnotherWrite() {
        String key = ReplayKeys.of(recorded(3, "unsafe", "POST", "{}"), ReplayKeys.Pass.CANDIDATE);
        assertThat(ReplayKeys.of(recorded(4, "unsafe", "POST", "{}"), ReplayKeys.Pass.CANDIDATE)).isNotEqualTo(key);
        assertThat(ReplayKeys.of(recorded(3, "unsafe", "POST", "{ }"), ReplayKeys.Pass.CANDIDATE)).isNotEqualTo(key);
    }

    @Test
    void aSafeRequestCarriesNoKey() {
        assertThat(ReplayKeys.of(recorded(1, "safe", "GET", ""), ReplayKeys.Pass.LEGACY)).isNull();
    }
}
