package dev.strangler.cli.drift;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one drift check runs, validated by {@link DriftCheckCommand} (what it compares is the {@link DriftSpec}).
 *
 * @param spec      the drift spec file
 * @param maxDrift  the gate: more drift exits {@code 1} (default {@value #DEFAULT_MAX_DRIFT})
 * @param maxListed ids, aggregates and correlation ids listed per finding; all are counted
 *                  (default {@value #DEFAULT_MAX_LISTED})
 * @param fetchSize rows per round trip from each database (default {@value #DEFAULT_FETCH_SIZE})
 * @param checksums where to write every aggregate's checksums and verdict, or null (default: not written)
 */
public record DriftOptions(Path spec, long maxDrift, int maxListed, int fetchSize, Path checksums) {

    public static final long DEFAULT_MAX_DRIFT = 0;
    public static final int DEFAULT_MAX_LISTED = 100;
    public static final int DEFAULT_FETCH_SIZE = 1000;

    public DriftOptions {
        Objects.requireNonNull(spec, "spec == null");
        if (maxDrift < 0 || maxListed < 1 || fetchSize < 1) {
            throw new IllegalArgumentException("maxDrift >= 0, maxListed >= 1, fetchSize >= 1: " + maxDrift + ", "
                    + maxListed + ", " + fetchSize);
        }
    }
}
