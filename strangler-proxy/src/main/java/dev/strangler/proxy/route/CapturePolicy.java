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
 * @param sample what the percent picks: each request on its own, or whole sessions; default {@link Sampling#REQUEST}
 */
public record CapturePolicy(double percent, long maxBodyBytes, List<PointerPattern> redact, Sampling sample) {

  /** What a capture's percent picks. */
  public enum Sampling {
    /** Each request, at random. */
    REQUEST,
    /**
     * Sessions: every request carrying the session cookie is recorded when its session is in the percent (the same
     * sessions on every route of a table with the same percent, and a larger percent adds sessions, never swaps them);
     * a request without the cookie, at random. A replay then has whole journeys to follow.
     */
    SESSION;

    /** As written in route files. */
    public String render() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The sampling written {@code text}, or null when it is none. */
    public static Sampling parse(String text) {
      return switch (text) {
        case "request" -> REQUEST;
        case "session" -> SESSION;
        default -> null;
      };
    }
  }

  /** 64 KiB: enough for the JSON APIs being compared, small enough to keep many records in Redis. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** A record is one Redis stream entry: bodies larger than this would make entries too large to page through. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  public CapturePolicy {
    redact = redact == null ? List.of() : List.copyOf(redact);
    sample = sample == null ? Sampling.REQUEST : sample;
  }

  /** Each request sampled on its own. */
  public CapturePolicy(double percent, long maxBodyBytes, List<PointerPattern> redact) {
    this(percent, maxBodyBytes, redact, Sampling.REQUEST);
  }

  public static CapturePolicy of(double percent) {
    return new CapturePolicy(percent, DEFAULT_MAX_BODY_BYTES, List.of());
  }

  /** The percent as written in route files: a whole number when it is one. */
  public String renderPercent() {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }
}
