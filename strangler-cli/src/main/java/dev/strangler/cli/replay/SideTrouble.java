package dev.strangler.cli.replay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a side being away cost a replay: requests sent again after their outcome was lost (a connection dropped after
 * sending), times a side was found unreachable and waited for, and the time spent waiting. Thread-safe.
 */
final class SideTrouble {

    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();

    void retried() {
        retries.incrementAndGet();
    }

    void waitStarted() {
        waits.incrementAndGet();
    }

    void waited(Duration d) {
        waitedNanos.addAndGet(d.toNanos());
    }

    /** A request got through after waiting {@code d} from its first failure. */
    void waitEnded(Duration d) {
        longestNanos.accumulateAndGet(d.toNanos(), Math::max);
    }

    /** The longest a single request waited for its side: about how long the replay was held up. */
    Duration longestWait() {
        return Duration.ofNanos(longestNanos.get());
    }

    long retries() {
        return retries.get();
    }

    long waits() {
        return waits.get();
    }

    Duration waited() {
        return Duration.ofNanos(waitedNanos.get());
    }

    /**
     * One line for the summary, e.g. {@code side unreachable 4 time(s), longest wait 2.9 s (10.0 s summed over requests
     * waiting together), 2 request(s) sent again}.
     */
    String summary() {
        return String.format(java.util.Locale.ROOT, "side unreachable %d time(s), longest wait %.1f s (%.1f s summed over"
                + " requests waiting together), %d request(s) sent again", waits(), longestWait().toMillis() / 1000.0,
                waited().toMillis() / 1000.0, retries());
    }
}
