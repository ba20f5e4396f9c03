package dev.strangler.proxy.redact;

import dev.strangler.compare.PointerPattern;
import dev.strangler.compare.capture.CapturedExchange;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redacts fields of {@code name=value&…} text (a query string, a form body) whose pointer {@code /<name>} a redaction
 * rule matches: the value becomes {@link CapturedExchange#REDACTED}, percent-encoded; everything else is kept byte for
 * byte, names included. Also where a pointer is checked against the rules.
 */
public final class FormFields {

  private static final String REDACTED = URLEncoder.encode(CapturedExchange.REDACTED, StandardCharsets.UTF_8);

  private FormFields() {}

  /** The text with matching fields redacted, or null when none matched. */
  public static String redact(String pairs, List<PointerPattern> rules) {
    if (rules.isEmpty() || pairs.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(pairs.length());
    boolean changed = false;
    int start = 0;
    while (start <= pairs.length()) {
      int end = pairs.indexOf('&', start);
      end = end < 0 ? pairs.length() : end;
      String pair = pairs.substring(start, end);
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      if (!pair.isEmpty() && matches(rules, "/" + escaped(decoded(rawName)))) {
        out.append(rawName).append('=').append(REDACTED);
        changed = true;
      } else {
        out.append(pair);
      }
      if (end < pairs.length()) {
        out.append('&');
      }
      start = end + 1;
    }
    return changed ? out.toString() : null;
  }

  /** A URI with its query's matching fields redacted; the path is never touched. */
  public static String redactQuery(String uri, List<PointerPattern> rules) {
    int q = uri.indexOf('?');
    String redacted = q < 0 ? null : redact(uri.substring(q + 1), rules);
    return redacted == null ? uri : uri.substring(0, q + 1) + redacted;
  }

  /** A name as one JSON Pointer segment ({@code ~} is {@code ~0}, {@code /} is {@code ~1}). */
  public static String escaped(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** Whether {@code pointer} or one of the values it is inside ({@code /a} for {@code /a/b}) is redacted. */
  public static boolean covered(List<PointerPattern> rules, String pointer) {
    for (int slash = pointer.indexOf('/', 1); slash > 0; slash = pointer.indexOf('/', slash + 1)) {
      if (matches(rules, pointer.substring(0, slash))) {
        return true;
      }
    }
    return matches(rules, pointer);
  }

  public static boolean matches(List<PointerPattern> rules, String pointer) {
    for (PointerPattern rule : rules) {
      if (rule.matches(pointer)) {
        return true;
      }
    }
    return false;
  }

  private static String decoded(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name; // malformed %: matched as written
    }
  }
}
