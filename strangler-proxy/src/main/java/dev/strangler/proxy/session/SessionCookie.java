package dev.strangler.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** Reads the session id out of the monolith's session cookie; anything malformed counts as no session. */
final class SessionCookie {

  /** Printable ASCII without spaces, bounded: Spring Session's ids are UUIDs, and a key built from junk is never looked up. */
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private SessionCookie() {}

  /** The session id in {@code value}, or null when there is none worth looking up. */
  static String sessionId(String value, boolean base64) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String id = value;
    if (base64) {
      try {
        id = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return ID.matcher(id).matches() ? id : null;
  }
}
