package dev.strangler.proxy.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tells sessions apart in a capture without being one: {@code s-} and the first 16 hex digits of the SHA-256 of the
 * session cookie's value. Stable for one session, so a replay keeps its requests together; the value can't be read
 * back from it.
 */
final class SessionPseudonym {

  static final String PREFIX = "s-";
  private static final int HEX_DIGITS = 16;

  private SessionPseudonym() {}

  /** The pseudonym of a session cookie value; null for none. */
  static String of(String cookieValue) {
    if (cookieValue == null || cookieValue.isEmpty()) {
      return null;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cookieValue.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
