package dev.strangler.proxy.route;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A route's idempotency keys (the {@code Idempotency-Key} header of draft-ietf-httpapi-idempotency-key-header), on
 * unsafe routes only: {@code require} keeps each keyed request's outcome in Redis so a retry is answered with it,
 * {@code add} gives a request without a key a fresh one for the backend to dedupe on.
 *
 * @param mode require or add; required
 * @param header the header carrying the key; default {@value #DEFAULT_HEADER}
 * @param ttl how long a completed request's response is kept for retries; default 24h
 * @param maxBodyBytes largest request body held to be fingerprinted (a larger one gets 413); default 1MiB
 */
public record IdempotencyPolicy(Mode mode, String header, Duration ttl, long maxBodyBytes) {

  public static final String DEFAULT_HEADER = "Idempotency-Key";
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** Bounds the validator accepts: longer, a key is a record of the request rather than a retry window. */
  public static final Duration MAX_TTL = Duration.ofDays(7);
  public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  public IdempotencyPolicy {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(header, "header == null");
    Objects.requireNonNull(ttl, "ttl == null");
  }

  public static IdempotencyPolicy of(Mode mode) {
    return new IdempotencyPolicy(mode, DEFAULT_HEADER, DEFAULT_TTL, DEFAULT_MAX_BODY_BYTES);
  }

  /** What the proxy does with keys on the route. */
  public enum Mode {
    /** A key is required (400 without one); the outcome is kept and replayed to retries. */
    REQUIRE,
    /** A request without a key gets a fresh UUID one; nothing is kept. */
    ADD;

    public static Mode parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "require" -> REQUIRE;
        case "add" -> ADD;
        default -> throw new IllegalArgumentException("must be require or add (got '" + text + "')");
      };
    }

    public String render() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
