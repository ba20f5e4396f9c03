package dev.strangler.cli.drift;

import dev.strangler.cli.Terminal;
import java.io.PrintWriter;

/**
 * Rows read so far, redrawn in place on stderr at most every {@value #REDRAW_MILLIS} ms; silent when turned off or
 * when stderr is not a terminal.
 */
final class DriftProgress {

    static final long REDRAW_MILLIS = 100;

    private final PrintWriter out;
    private long lastDrawn;
    private boolean drawn;

    private DriftProgress(PrintWriter out) {
        this.out = out;
    }

    static DriftProgress onStderr(boolean wanted, PrintWriter err) {
        return new DriftProgress(wanted && Terminal.interactive() ? err : null);
    }

    void aggregates(long legacy, long extracted) {
        long now = System.currentTimeMillis();
        if (out != null && now - lastDrawn >= REDRAW_MILLIS) {
            lastDrawn = now;
            drawn = true;
            out.print("\raggregates read: legacy " + legacy + ", extracted " + extracted);
            out.flush();
        }
    }

    void finish() {
        if (out != null && drawn) {
            out.println();
            out.flush();
        }
    }
}
