package dev.strangler.cli.replay;

import dev.strangler.compare.Difference;
import java.util.List;
import java.util.Objects;

/**
 * What became of one capture line.
 *
 * @param line          its line number in the capture
 * @param route         the route it was captured on
 * @param method        the request's method
 * @param uri           the request's path and query
 * @param session       the session pseudonym, or null
 * @param status        matched, mismatched, skipped (not sent, or its body not compared) or error (a side failed)
 * @param reason        why it was skipped, which side failed and how, or {@link #MATCHED_BY_ROUTE_NOISE}; else null
 * @param differences   the unexpected differences listed (bounded by the rules)
 * @param mismatchCount every unexpected difference found
 * @param legacyMs      legacy's first answer's time in milliseconds, or -1 when not sent
 * @param candidateMs   the candidate's time in milliseconds, or -1 when not sent
 */
public record ReplayResult(int line, String route, String method, String uri, String session, Status status,
                           String reason, List<Difference> differences, int mismatchCount, double legacyMs,
                           double candidateMs) {

    /** The reason a match carries when it matched only once its route's learned noise was left out. */
    public static final String MATCHED_BY_ROUTE_NOISE = "matched once the route's learned noise was left out";

    /** The outcome of one line. */
    public enum Status { MATCHED, MISMATCHED, SKIPPED, ERROR }

    public ReplayResult {
        Objects.requireNonNull(route, "route == null");
        Objects.requireNonNull(status, "status == null");
        differences = List.copyOf(differences);
    }

    static ReplayResult notSent(Recorded recorded, Status status, String reason) {
        var request = recorded.exchange().request();
        return new ReplayResult(recorded.line(), recorded.exchange().route(), request.method(), request.uri(),
                recorded.exchange().session(), status, reason, List.of(), 0, -1, -1);
    }
}
