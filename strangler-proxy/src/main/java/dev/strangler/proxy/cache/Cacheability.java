package dev.strangler.proxy.cache;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which answers may be kept, and for how long: a shared cache's rules (RFC 9111) narrowed to what is safe without
 * revalidation. Kept: statuses {@link #STATUSES} without {@code Set-Cookie}, without {@code Cache-Control}
 * {@code no-store}, {@code no-cache} or {@code private} (allowed where the key is one verified user's: a user-scoped
 * route, a logged-in request), whose {@code Vary} names only headers the route varies on; for the route's TTL, or the
 * answer's {@code s-maxage}/{@code max-age} when shorter.
 */
final class Cacheability {

  /**
   * RFC 9110's heuristically cacheable statuses, less 206 (ranges are never cached here), 405, 414 and 501 (errors a
   * route answers rarely, and better fresh).
   */
  static final Set<Integer> STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 410);
  private static final Set<String> NEVER = Set.of("no-store", "no-cache");

  private Cacheability() {}

  /**
   * How long the answer may be kept under a route's {@code ttl}; null when it may not be kept. {@code oneUser}: the key
   * holds a verified user, so an answer meant for that user alone ({@code private}) may be kept for them.
   */
  static Duration ttl(int status, MultiMap headers, Duration ttl, List<String> vary, boolean oneUser) {
    if (!STATUSES.contains(status) || headers.contains("Set-Cookie") || !variesWithin(headers, vary)) {
      return null;
    }
    Long maxAge = null;
    Long sharedMaxAge = null;
    for (String value : headers.getAll("Cache-Control")) {
      for (String directive : value.split(",")) {
        String d = directive.trim().toLowerCase(Locale.ROOT);
        String name = d.contains("=") ? d.substring(0, d.indexOf('=')).trim() : d;
        if (NEVER.contains(name) || (name.equals("private") && !oneUser)) {
          return null;
        }
        if (name.equals("max-age")) {
          maxAge = seconds(d);
        } else if (name.equals("s-maxage")) {
          sharedMaxAge = seconds(d);
        }
      }
    }
    Long limit = sharedMaxAge != null ? sharedMaxAge : maxAge;
    if (limit == null) {
      return ttl;
    }
    if (limit <= 0) {
      return null;
    }
    Duration own = Duration.ofSeconds(limit);
    return own.compareTo(ttl) < 0 ? own : ttl;
  }

  /** The answer varies only on headers that are part of the key: another key's answer is never served. */
  private static boolean variesWithin(MultiMap headers, List<String> vary) {
    for (String value : headers.getAll("Vary")) {
      for (String name : value.split(",")) {
        String n = name.trim();
        if (n.equals("*")) {
          return false;
        }
        if (!n.isEmpty() && vary.stream().noneMatch(v -> v.equalsIgnoreCase(n))) {
          return false;
        }
      }
    }
    return true;
  }

  /** A directive's seconds; a malformed value counts as 0 (not kept), as RFC 9111 asks for an invalid max-age. */
  private static long seconds(String directive) {
    try {
      return Long.parseLong(directive.substring(directive.indexOf('=') + 1).trim().replace("\"", ""));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return 0;
    }
  }
}
