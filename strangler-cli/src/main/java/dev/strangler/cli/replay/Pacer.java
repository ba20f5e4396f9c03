package dev.strangler.cli.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Holds each request back until its turn under the {@link Pacing}. Thread-safe. */
final class Pacer {

    private final Pacing pacing;
    private final Instant firstRecorded;
    private final long startNanos;
    private final AtomicLong nextSlot;

    /** Starts the clock now; {@code firstRecorded} is the earliest {@code at} of the replayed lines. */
    Pacer(Pacing pacing, Instant firstRecorded) {
        this.pacing = pacing;
        this.firstRecorded = firstRecorded;
        this.startNanos = System.nanoTime();
        this.nextSlot = new AtomicLong(startNanos);
    }

    /** Returns when the request recorded at {@code at} may be sent. */
    void awaitTurn(Instant at) throws InterruptedException {
        long due = switch (pacing) {
            case Pacing.Unpaced unpaced -> startNanos;
            case Pacing.Rate rate -> nextSlot.getAndAdd(Math.max(1, Math.round(1e9 / rate.perSecond())));
            case Pacing.Speed speed -> startNanos
                    + Math.round(Math.max(0, Duration.between(firstRecorded, at).toNanos()) / speed.factor());
        };
        // Pacing is the point here, not synchronisation: wait out the time left.
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
