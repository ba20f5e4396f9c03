package dev.strangler.catalog.query;

import java.math.BigDecimal;
import java.util.List;

/**
 * Reads query parameters the way the monolith's Spring MVC binds them, so odd input gets the same
 * answer: blank means absent; numbers lose all white space (" 1 2" is 12), accept a sign, Unicode
 * digits and, for integers, hexadecimal ({@code 0x1f}, {@code #1f}); booleans take
 * true/false/on/off/yes/no/1/0 in any case; a repeated parameter counts once (its first value), except
 * text, whose values are joined with commas.
 */
public final class RequestParams {

  private RequestParams() {}

  public static String text(List<String> values) {
    return values.isEmpty() ? null : String.join(",", values);
  }

  public static Integer integer(String name, List<String> values) {
    String raw = first(values);
    if (raw == null) {
      return null;
    }
    String trimmed = removeWhitespace(raw);
    try {
      return isHex(trimmed) ? Integer.decode(trimmed) : Integer.valueOf(trimmed);
    } catch (NumberFormatException e) {
      throw new InvalidParameter(name, "must be an integer but was '" + raw + "'");
    }
  }

  public static BigDecimal decimal(String name, List<String> values) {
    String raw = first(values);
    if (raw == null) {
      return null;
    }
    try {
      return new BigDecimal(removeWhitespace(raw));
    } catch (NumberFormatException e) {
      throw new InvalidParameter(name, "must be a number but was '" + raw + "'");
    }
  }

  public static Boolean bool(String name, List<String> values) {
    String raw = first(values);
    if (raw == null) {
      return null;
    }
    String value = raw.trim();
    for (String yes : List.of("true", "on", "yes", "1")) {
      if (value.equalsIgnoreCase(yes)) {
        return Boolean.TRUE;
      }
    }
    for (String no : List.of("false", "off", "no", "0")) {
      if (value.equalsIgnoreCase(no)) {
        return Boolean.FALSE;
      }
    }
    throw new InvalidParameter(name, "must be true or false but was '" + raw + "'");
  }

  /** The first value, or null when absent or blank. */
  private static String first(List<String> values) {
    if (values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    return values.get(0);
  }

  private static String removeWhitespace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.chars().filter(c -> !Character.isWhitespace(c)).forEach(c -> out.append((char) c));
    return out.toString();
  }

  private static boolean isHex(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    return s.startsWith("0x", i) || s.startsWith("0X", i) || s.startsWith("#", i);
  }
}
