package dev.strangler.proxy.route;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's rate limit, shared by every proxy instance through Redis (GCRA: a steady {@code rate}, up to
 * {@code burst} requests at once).
 *
 * @param rate requests per period, e.g. {@code 100/s}, {@code 1000/m}, {@code 1/3s}; required
 * @param burst requests accepted at once from a client that has been quiet; default the rate's count (one period's worth)
 * @param key whom the limit counts: the client address, a request header's value, or the verified user; required
 * @param onRedisDown while Redis can't answer: {@code open} lets requests through, {@code closed} answers 503; required
 */
public record RateLimitPolicy(Rate rate, int burst, Key key, OnRedisDown onRedisDown) {

  public RateLimitPolicy {
    Objects.requireNonNull(rate, "rate == null");
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(onRedisDown, "onRedisDown == null");
  }

  /** What to do while the rate limit store can't answer. */
  public enum OnRedisDown {
    /** Let requests through, unlimited: availability first. */
    OPEN,
    /** Answer 503: protection first. */
    CLOSED;

    public static OnRedisDown parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "open" -> OPEN;
        case "closed" -> CLOSED;
        default -> throw new IllegalArgumentException("must be open or closed (got '" + text + "')");
      };
    }

    public String render() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code count} requests per {@code per}. */
  public record Rate(long count, Duration per) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{0,9})(ms|s|m|h)");

    public Rate {
      Objects.requireNonNull(per, "per == null");
    }

    /** Reads {@code 100/s}, {@code 1000/m}, {@code 5000/h}, {@code 1/3s}. */
    public static Rate parse(String text) {
      Matcher m = TEXT.matcher(text == null ? "" : text.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a rate: '" + text + "' (use 100/s, 1000/m, 5000/h or 1/3s)");
      }
      String n = m.group(2).isEmpty() ? "1" : m.group(2);
      return new Rate(Long.parseLong(m.group(1)), Durations.parse(n + m.group(3)));
    }

    public String render() {
      String per = Durations.render(this.per);
      return count + "/" + (per.matches("1[a-z]+") ? per.substring(1) : per);
    }

    /** Time between two requests at the steady rate, in microseconds (the unit of the limiter's clock). */
    public long intervalMicros() {
      return count <= 0 ? 0 : per.toNanos() / 1000 / count;
    }
  }

  /** Whom a limit counts: each client address, each value of a header, or each verified user. */
  public record Key(Kind kind, String header) {

    public enum Kind { IP, HEADER, USER }

    public Key {
      Objects.requireNonNull(kind, "kind == null");
      if ((kind == Kind.HEADER) != (header != null)) {
        throw new IllegalArgumentException("a header key names its header, other keys none");
      }
    }

    public static final Key IP = new Key(Kind.IP, null);
    public static final Key USER = new Key(Kind.USER, null);

    /** Reads {@code ip}, {@code user} or {@code header:NAME}. */
    public static Key parse(String text) {
      String t = text == null ? "" : text.trim();
      if (t.equals("ip")) {
        return IP;
      }
      if (t.equals("user")) {
        return USER;
      }
      if (t.startsWith("header:") && t.length() > "header:".length()) {
        return new Key(Kind.HEADER, t.substring("header:".length()));
      }
      throw new IllegalArgumentException("key must be ip, user or header:NAME (got '" + text + "')");
    }

    public String render() {
      return kind == Kind.HEADER ? "header:" + header : kind.name().toLowerCase(Locale.ROOT);
    }
  }
}
