package dev.strangler.proxy.edge;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The request target the backend receives: origin-form only, its path normalised, its query untouched.
 *
 * <p>Normalised, because every reasonable reader agrees on what they mean: dot-segments ({@code /a/./b},
 * {@code /a/b/../c}, RFC 3986 remove_dot_segments) and empty segments ({@code /a//b} becomes {@code /a/b}).
 * Rejected, because the backend's decoder rather than ours would decide what they mean: {@code %2E}, {@code %2F},
 * {@code %5C} and {@code %00}–{@code %1F}/{@code %7F} in the path, a malformed %-escape, a raw backslash, space,
 * control or non-ASCII byte, a dot-segment with ;parameters ({@code /..;/}, which Tomcat reads as {@code ..}), a
 * fragment, any path that climbs above the root, and any target that is not origin-form (absolute-form
 * {@code http://host/}, authority-form, {@code *}). A double-encoded {@code %252e} is passed as it is: decoded
 * once it is the literal text "%2e", not a dot. The query string is forwarded byte for byte, never re-encoded.
 *
 * @param path the normalised path, starting with '/'
 * @param rawQuery the query exactly as received, without '?', or null when there was none
 */
record RequestTarget(String path, String rawQuery) {

  /** Thrown when a target is refused; the message says why, for the client. */
  static final class Refused extends RuntimeException {
    Refused(String detail) {
      super(detail, null, false, false);
    }
  }

  static RequestTarget parse(String raw) {
    if (raw == null || !raw.startsWith("/")) {
      throw new Refused("the request target must be a path starting with '/' (absolute-form, authority-form and '*' are not accepted)");
    }
    if (raw.indexOf('#') >= 0) {
      throw new Refused("a request target must not contain a fragment ('#')");
    }
    int q = raw.indexOf('?');
    String rawPath = q < 0 ? raw : raw.substring(0, q);
    checkCharacters(rawPath);
    return new RequestTarget(removeDotSegments(rawPath), q < 0 ? null : raw.substring(q + 1));
  }

  /** What the backend is sent: the normalised path and the original query. */
  String forwardedUri() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  private static void checkCharacters(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        throw new Refused("a backslash is not allowed in the path");
      }
      if (c <= ' ' || c >= 0x7F) {
        throw new Refused("the path must be ASCII without spaces or control characters; percent-encode other bytes");
      }
      if (c == '%') {
        int decoded = i + 2 < path.length() ? hex(path.charAt(i + 1), path.charAt(i + 2)) : -1;
        if (decoded < 0) {
          throw new Refused("'%' in the path must be followed by two hex digits");
        }
        if (decoded == '.' || decoded == '/' || decoded == '\\' || decoded < 0x20 || decoded == 0x7F) {
          throw new Refused("the path must not encode '.', '/', '\\' or control characters (got '" + path.substring(i, i + 3) + "')");
        }
        i += 2;
      }
    }
  }

  private static String removeDotSegments(String path) {
    if (path.indexOf("/.") < 0 && path.indexOf("//") < 0) {
      return path; // no dot-segment and no empty segment: already normal (nearly every request)
    }
    Deque<String> kept = new ArrayDeque<>();
    String[] segments = path.split("/", -1);
    boolean trailingSlash = false;
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.startsWith(".;") || segment.startsWith("..;")) {
        throw new Refused("a dot-segment must not carry ';' parameters");
      }
      if (segment.equals("..")) {
        if (kept.isEmpty()) {
          throw new Refused("the path climbs above the root");
        }
        kept.removeLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        kept.addLast(segment);
      }
      trailingSlash = last && (segment.isEmpty() || segment.equals(".") || segment.equals(".."));
    }
    String joined = "/" + String.join("/", kept);
    return trailingSlash && !kept.isEmpty() ? joined + "/" : joined;
  }

  private static int hex(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }
}
