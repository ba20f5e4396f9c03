package dev.strangler.proxy.capture;

import dev.strangler.compare.capture.CapturedExchange;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies a message's headers for a capture with their secrets replaced by {@link CapturedExchange#REDACTED}: the whole
 * value of credentials and of the proxy's identity header family, and every cookie's value (names and Set-Cookie
 * attributes kept, so a replay knows which cookies there were).
 */
final class HeaderRedaction {

  /** Credentials the proxy can't verify and must never store. */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization");
  /** The proxy's own signed identity and every header starting with it. */
  private static final String IDENTITY_FAMILY = "x-strangler-identity";

  private HeaderRedaction() {}

  /** Lower-cased names, each with its values in order, secrets redacted. */
  static Map<String, List<String>> redacted(MultiMap headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      out.computeIfAbsent(name, n -> new ArrayList<>()).add(value(name, header.getValue()));
    }
    return out;
  }

  private static String value(String name, String value) {
    if (CREDENTIALS.contains(name) || name.startsWith(IDENTITY_FAMILY)) {
      return CapturedExchange.REDACTED;
    }
    return switch (name) {
      case "cookie" -> cookies(value);
      case "set-cookie" -> setCookie(value);
      default -> value;
    };
  }

  /** {@code a=1; b=2} becomes {@code a=[redacted]; b=[redacted]}. */
  static String cookies(String value) {
    List<String> out = new ArrayList<>();
    for (String pair : value.split(";")) {
      String trimmed = pair.trim();
      if (!trimmed.isEmpty()) {
        out.add(nameOf(trimmed) + "=" + CapturedExchange.REDACTED);
      }
    }
    return String.join("; ", out);
  }

  /** {@code SESSION=abc; Path=/; HttpOnly} becomes {@code SESSION=[redacted]; Path=/; HttpOnly}. */
  static String setCookie(String value) {
    int end = value.indexOf(';');
    String pair = end < 0 ? value : value.substring(0, end);
    return nameOf(pair.trim()) + "=" + CapturedExchange.REDACTED + (end < 0 ? "" : value.substring(end));
  }

  private static String nameOf(String pair) {
    int eq = pair.indexOf('=');
    return (eq < 0 ? pair : pair.substring(0, eq)).trim();
  }
}
