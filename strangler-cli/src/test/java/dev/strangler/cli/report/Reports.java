package dev.strangler.cli.report;

import dev.strangler.cli.replay.Pacing;
import dev.strangler.cli.replay.ReplayOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Replay options for report tests: only the capture, the base URLs and the gate matter to a report. */
final class Reports {

    private Reports() {}

    static ReplayOptions options(String capture, String legacy, String candidate, double maxMismatchRate) {
        return new ReplayOptions(Path.of(capture), URI.create(legacy), URI.create(candidate), null, new Pacing.Unpaced(),
                1, Set.of(), false, List.of(), maxMismatchRate, ReplayOptions.DEFAULT_LEARNED_NOISE_MIN_PAIRS, null, null,
                false, Duration.ofSeconds(1), ReplayOptions.DEFAULT_SIDE_DOWN_TIMEOUT);
    }
}
