package dev.strangler.cli.replay;

import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.cli.Terminal;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress bar redrawn in place on stderr, at most every {@value #REDRAW_MILLIS} ms; silent when turned off or
 * when stderr is not a terminal (a CI log would fill with carriage returns). Thread-safe.
 */
final class Progress {

    static final long REDRAW_MILLIS = 100;
    private static final int WIDTH = 30;

    private final int total;
    private final PrintWriter out;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger mismatched = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private volatile long lastDrawn;
    private volatile SideTrouble trouble;

    private Progress(int total, PrintWriter out) {
        this.total = total;
        this.out = out;
    }

    /** A bar on {@code err} when {@code wanted} and the process has a terminal, else one that prints nothing. */
    static Progress onStderr(int total, boolean wanted, PrintWriter err) {
        return drawingTo(total, wanted && Terminal.interactive() ? err : null);
    }

    /** A bar drawn on {@code out} whatever it is; none when {@code out} is null. */
    static Progress drawingTo(int total, PrintWriter out) {
        return new Progress(total, out);
    }

    /** Shows what {@code trouble} counts (waits for a side, requests sent again) on the bar. */
    void watch(SideTrouble trouble) {
        this.trouble = trouble;
    }

    void step(Status status) {
        done.incrementAndGet();
        switch (status) {
            case MISMATCHED -> mismatched.incrementAndGet();
            case SKIPPED -> skipped.incrementAndGet();
            case ERROR -> errors.incrementAndGet();
            case MATCHED -> { }
        }
        long now = System.currentTimeMillis();
        if (out != null && now - lastDrawn >= REDRAW_MILLIS) {
            lastDrawn = now;
            draw();
        }
    }

    void finish() {
        if (out != null) {
            draw();
            out.println();
            out.flush();
        }
    }

    private synchronized void draw() {
        int n = done.get();
        int filled = total == 0 ? WIDTH : (int) ((long) n * WIDTH / total);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + n + "/" + total
                + "  mismatched " + mismatched.get() + "  skipped " + skipped.get() + "  errors " + errors.get()
                + (trouble == null ? "" : "  waits " + trouble.waits() + "  retries " + trouble.retries()));
        out.flush();
    }
}
