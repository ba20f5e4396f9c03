package dev.strangler.compare.capture;

import java.time.Instant;
import java.util.Objects;

/**
 * One request/response pair recorded at the proxy: one line of a capture file ({@link CaptureLines}).
 *
 * @param at         when the request arrived at the proxy
 * @param route      the id of the route that matched
 * @param epoch      the route table epoch that routed it
 * @param session    a pseudonym of the client's session (a digest of the session cookie, never its value), so a
 *                   replay keeps each session's requests in order with a cookie jar of its own; null when the
 *                   request had no session
 * @param sideEffect {@code safe}, {@code idempotent} or {@code unsafe}: the route's side-effect class
 * @param request    the request as received, redacted
 * @param response   the response as sent, redacted
 */
public record CapturedExchange(Instant at, String route, long epoch, String session, String sideEffect,
                               CapturedRequest request, CapturedResponse response) {

    /** The version written in each line's {@code v}; readers refuse other versions. */
    public static final int FORMAT_VERSION = 1;
    /** What a redacted value is replaced with, in headers, cookies and JSON fields. */
    public static final String REDACTED = "[redacted]";

    public CapturedExchange {
        Objects.requireNonNull(at, "at == null");
        Objects.requireNonNull(route, "route == null");
        Objects.requireNonNull(sideEffect, "sideEffect == null");
        Objects.requireNonNull(request, "request == null");
        Objects.requireNonNull(response, "response == null");
    }

    /** Whether replaying the request can change state (only {@code unsafe} ones can). */
    public boolean unsafe() {
        return "unsafe".equals(sideEffect);
    }
}
