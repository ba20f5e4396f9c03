package dev.strangler.proxy.route;

import java.util.Locale;
import java.util.Objects;

/**
 * What a canary splits on: one value of it always lands on the same side.
 *
 * @param kind where the value is read
 * @param name the cookie or header name ({@link Kind#SESSION} defaults to {@value #DEFAULT_SESSION_COOKIE})
 */
public record Cohort(Kind kind, String name) {

  /** Spring Session's cookie, which Acme Shop and the service kit share. */
  public static final String DEFAULT_SESSION_COOKIE = "SESSION";

  /** Where the cohort value comes from. */
  public enum Kind { SESSION, COOKIE, HEADER }

  public Cohort {
    Objects.requireNonNull(kind, "kind == null");
    if (kind == Kind.SESSION && (name == null || name.isBlank())) {
      name = DEFAULT_SESSION_COOKIE;
    }
    Objects.requireNonNull(name, "name == null");
  }

  public static Cohort session() {
    return new Cohort(Kind.SESSION, DEFAULT_SESSION_COOKIE);
  }

  /** Reads {@code session}, {@code session:NAME}, {@code cookie:NAME} or {@code header:NAME}. */
  public static Cohort parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    int colon = trimmed.indexOf(':');
    String kind = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
    String name = colon < 0 ? null : trimmed.substring(colon + 1).trim();
    return switch (kind) {
      case "session" -> new Cohort(Kind.SESSION, name);
      case "cookie", "header" -> {
        if (name == null || name.isEmpty()) {
          throw new IllegalArgumentException("cohort '" + kind + "' needs a name, as in " + kind + ":NAME");
        }
        yield new Cohort(kind.equals("cookie") ? Kind.COOKIE : Kind.HEADER, name);
      }
      default -> throw new IllegalArgumentException(
          "cohort must be session, session:COOKIE, cookie:NAME or header:NAME (got '" + text + "')");
    };
  }

  /** The text form {@link #parse} reads. */
  public String render() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
  }
}
