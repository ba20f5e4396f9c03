package dev.strangler.proxy.cache;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which answers may be kept, and for how long: a shared cache's rules (RFC 9111). Kept: statuses {@link #STATUSES}
 * without {@code Set-Cookie}, without {@code Cache-Control} {@code no-store} or {@code private} (allowed where the key is
 * one verified user's: a user-scoped route, a logged-in request), whose {@code Vary} names only headers the route varies
 * on; fresh for the route's TTL, or the answer's {@code s-maxage}/{@code max-age} when shorter. On a route that keeps
 * answers to revalidate them ({@code keep}), a 200 with a validator is kept that much longer, and one marked
 * {@code no-cache} or {@code max-age=0} is kept too, never fresh (every request revalidates it). On a route whose
 * answers stand in for failures ({@code staleIfError}), an answer is kept that much longer unless it says it must be
 * revalidated once stale (a {@code max-age=0} one included, never fresh). Elsewhere an answer that is never fresh is
 * not kept.
 */
final class Cacheability {

  /**
   * RFC 9110's heuristically cacheable statuses, less 206 (ranges are never cached here), 405, 414 and 501 (errors a
   * route answers rarely, and better fresh).
   */
  static final Set<Integer> STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 410);
  private static final String NO_STORE = "no-store";
  private static final String NO_CACHE = "no-cache";

  private Cacheability() {}

  /**
   * How long a kept answer is fresh (served as a hit), and how much longer it is kept to be revalidated and to stand in
   * for a failed backend's answer.
   *
   * @param fresh zero when every request revalidates it
   * @param keep past {@code fresh}, how long it may be revalidated; zero when it can't be
   * @param staleIfError past {@code fresh}, how long it may stand in for a failed answer; zero when never
   */
  record Lifetime(Duration fresh, Duration keep, Duration staleIfError) {

    /** How long it is kept past {@code fresh}. */
    Duration afterFresh() {
      return keep.compareTo(staleIfError) >= 0 ? keep : staleIfError;
    }
  }

  /**
   * How long the answer may be kept under a route's {@code ttl}, {@code keep} and {@code staleIfError}; null when it may
   * not be kept at all. Only a 200 with an {@code ETag} or {@code Last-Modified} can be revalidated, so only such an
   * answer gets the {@code keep}; an answer that says it must be revalidated once stale ({@code must-revalidate},
   * {@code proxy-revalidate}, {@code s-maxage}, {@code no-cache}: RFC 9111 §4.2.4, §5.2.2) never stands in. {@code oneUser}:
   * the key holds a verified user, so an answer meant for that user alone ({@code private}) may be kept for them.
   */
  static Lifetime lifetime(int status, MultiMap headers, Duration ttl, Duration keep, Duration staleIfError,
                           List<String> vary, boolean oneUser) {
    if (!STATUSES.contains(status) || headers.contains("Set-Cookie") || !variesWithin(headers, vary)) {
      return null;
    }
    Duration kept = status == 200 && (headers.contains("ETag") || headers.contains("Last-Modified")) ? keep : Duration.ZERO;
    Long maxAge = null;
    Long sharedMaxAge = null;
    boolean noCache = false;
    boolean revalidateWhenStale = false;
    for (String value : headers.getAll("Cache-Control")) {
      for (String directive : value.split(",")) {
        String d = directive.trim().toLowerCase(Locale.ROOT);
        String name = d.contains("=") ? d.substring(0, d.indexOf('=')).trim() : d;
        if (name.equals(NO_STORE) || (name.equals("private") && !oneUser)) {
          return null;
        }
        if (name.equals(NO_CACHE)) {
          noCache = true; // with field names too: the whole answer is revalidated, never served as it is
        } else if (name.equals("max-age")) {
          maxAge = seconds(d);
        } else if (name.equals("s-maxage")) {
          sharedMaxAge = seconds(d);
        } else if (name.equals("must-revalidate") || name.equals("proxy-revalidate")) {
          revalidateWhenStale = true;
        }
      }
    }
    Long limit = sharedMaxAge != null ? sharedMaxAge : maxAge;
    Duration fresh = noCache || (limit != null && limit <= 0) ? Duration.ZERO
        : limit == null || Duration.ofSeconds(limit).compareTo(ttl) >= 0 ? ttl : Duration.ofSeconds(limit);
    Duration standIn = noCache || revalidateWhenStale || sharedMaxAge != null ? Duration.ZERO : staleIfError;
    return fresh.isZero() && kept.isZero() && standIn.isZero() ? null : new Lifetime(fresh, kept, standIn);
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
