package dev.strangler.proxy.route;

import dev.strangler.compare.PointerPattern;
import java.util.List;

/**
 * A route's traffic capture: a sample of its request/response pairs recorded at the proxy, bounded and redacted, for
 * replay against the other side.
 *
 * @param percent share of the route's requests recorded, 0 to 100 (decimals allowed, e.g. 0.5); required
 * @param maxBodyBytes each body is kept up to this many bytes, the rest cut and the record marked truncated; default
 *     {@link #DEFAULT_MAX_BODY_BYTES}
 * @param redact JSON fields (pointer patterns: {@code *} one segment, {@code **} any) whose values are replaced with
 *     {@code [redacted]} in JSON request and response bodies; default none
 */
public record CapturePolicy(double percent, long maxBodyBytes, List<PointerPattern> redact) {

  /** 64 KiB: enough for the JSON APIs being compared, small enough to keep many records in Redis. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** A record is one Redis stream entry: bodies larger than this would make entries too large to page through. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  public CapturePolicy {
    redact = redact == null ? List.of() : List.copyOf(redact);
  }

  public static CapturePolicy of(double percent) {
    return new CapturePolicy(percent, DEFAULT_MAX_BODY_BYTES, List.of());
  }

  /** The percent as written in route files: a whole number when it is one. */
  public String renderPercent() {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }
}
