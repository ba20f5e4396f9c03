package dev.strangler.cli.replay;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one replay does, validated by {@link ReplayCommand}.
 *
 * @param capture         the capture file (JSON Lines)
 * @param legacy          legacy's base URL; each request's path and query are appended to it
 * @param candidate       the candidate's base URL
 * @param rules           the compare rules file, or null for the defaults on every route
 * @param pacing          how fast (default unpaced)
 * @param concurrency     sessions replayed at once (default {@value #DEFAULT_CONCURRENCY})
 * @param routes          only these routes (default empty: every route)
 * @param allowWrites     replay {@code unsafe} requests too (default false: skipped)
 * @param sandboxHeaders  headers added to every replayed request, on both sides (default none)
 * @param maxMismatchRate the gate: a higher mismatch rate exits {@code 1} (default {@value #DEFAULT_MAX_MISMATCH_RATE})
 * @param learnedNoiseMinPairs a JSON path where legacy differed from itself in this many requests of a route is noise
 *                        on all of them; 0 turns that off (default {@value #DEFAULT_LEARNED_NOISE_MIN_PAIRS})
 * @param json            where to write the JSON result, or null
 * @param html            where to write the HTML report, or null
 * @param progress        show a progress bar on stderr (only when it is a terminal)
 * @param timeout         per request and side (default {@link #DEFAULT_TIMEOUT})
 * @param sideDownTimeout how long a request waits for a side that can't be reached (refused, connection dropped)
 *                        before it is that line's error (default {@link #DEFAULT_SIDE_DOWN_TIMEOUT})
 */
public record ReplayOptions(Path capture, URI legacy, URI candidate, Path rules, Pacing pacing, int concurrency,
                            Set<String> routes, boolean allowWrites, List<SandboxHeader> sandboxHeaders,
                            double maxMismatchRate, long learnedNoiseMinPairs, Path json, Path html, boolean progress,
                            Duration timeout, Duration sideDownTimeout) {

    public static final int DEFAULT_CONCURRENCY = 8;
    public static final double DEFAULT_MAX_MISMATCH_RATE = 0.0;
    public static final long DEFAULT_LEARNED_NOISE_MIN_PAIRS = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SIDE_DOWN_TIMEOUT = Duration.ofSeconds(60);

    public ReplayOptions {
        Objects.requireNonNull(capture, "capture == null");
        Objects.requireNonNull(legacy, "legacy == null");
        Objects.requireNonNull(candidate, "candidate == null");
        Objects.requireNonNull(pacing, "pacing == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(sideDownTimeout, "sideDownTimeout == null");
        routes = Set.copyOf(routes);
        sandboxHeaders = List.copyOf(sandboxHeaders);
    }

    /** A header, {@code NAME:VALUE} on the command line, telling the backends the traffic is a replay. */
    public record SandboxHeader(String name, String value) {

        static SandboxHeader parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + text + "' is not NAME:VALUE");
            }
            String name = text.substring(0, colon).trim();
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("'" + name + "' is not a header name");
            }
            return new SandboxHeader(name, text.substring(colon + 1).trim());
        }
    }
}
