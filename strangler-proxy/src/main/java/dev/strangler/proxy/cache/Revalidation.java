package dev.strangler.proxy.cache;

import io.netty.handler.codec.DateFormatter;
import io.vertx.core.MultiMap;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client's conditional {@code GET} or {@code HEAD} against a kept answer: whether the copy it holds is the one kept, so
 * a hit is a {@code 304 Not Modified} without the body (RFC 9111 §4.3.2; the conditions as RFC 9110 §13.1.2–3 define
 * them). {@code If-None-Match} compares entity tags weakly and, when present, decides alone; else
 * {@code If-Modified-Since} against the kept {@code Last-Modified}. Only a kept 200 is ever answered 304; anything
 * malformed or missing means "modified": the full answer, never a wrong 304.
 */
final class Revalidation {

  /** What a 304 repeats of the kept answer's headers (RFC 9110 §15.4.5, and Last-Modified). */
  private static final Set<String> KEPT_ON_304 =
      Set.of("cache-control", "content-location", "etag", "expires", "vary", "last-modified");

  private Revalidation() {}

  /** Whether the request's conditions say the client's copy is {@code entry}'s. */
  static boolean notModified(MultiMap request, CachedResponse entry, long nowMillis) {
    if (entry.status() != 200) {
      return false;
    }
    List<String> noneMatch = request.getAll("If-None-Match");
    if (!noneMatch.isEmpty()) {
      return anyWeaklyEqual(String.join(",", noneMatch), header(entry, "etag"));
    }
    String since = request.get("If-Modified-Since");
    String lastModified = header(entry, "last-modified");
    if (since == null || lastModified == null) {
      return false;
    }
    Date client = DateFormatter.parseHttpDate(since);
    Date kept = DateFormatter.parseHttpDate(lastModified);
    // A date in the future is invalid (RFC 9110 §13.1.3): ignored, like one that does not parse.
    return client != null && kept != null && client.getTime() <= nowMillis && kept.getTime() <= client.getTime();
  }

  /** Whether the kept answer carries a validator the backend can be asked about ({@code ETag} or {@code Last-Modified}). */
  static boolean validated(CachedResponse entry) {
    return header(entry, "etag") != null || header(entry, "last-modified") != null;
  }

  /** Whether {@code name} (lower case) is repeated on a 304. */
  static boolean keptOn304(String name) {
    return KEPT_ON_304.contains(name.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * {@code If-None-Match}'s {@code *} or list of entity tags against the kept one, compared weakly (the opaque tags
   * alike, {@code W/} or not). A tag may hold commas, so the list is scanned, not split.
   */
  static boolean anyWeaklyEqual(String list, String etag) {
    String kept = opaque(etag);
    if (list.strip().equals("*")) {
      return true;
    }
    if (kept == null) {
      return false;
    }
    int i = 0;
    int n = list.length();
    while (i < n) {
      char c = list.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      if (list.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || list.charAt(i) != '"') {
        return false; // not an entity tag: the list is malformed
      }
      int end = list.indexOf('"', i + 1);
      if (end < 0) {
        return false;
      }
      if (list.substring(i, end + 1).equals(kept)) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }

  /** The quoted opaque tag of an entity tag, without {@code W/}; null when it is none. */
  private static String opaque(String etag) {
    if (etag == null) {
      return null;
    }
    String tag = etag.strip();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    return tag.length() >= 2 && tag.charAt(0) == '"' && tag.indexOf('"', 1) == tag.length() - 1 ? tag : null;
  }

  private static String header(CachedResponse entry, String name) {
    for (Map.Entry<String, String> h : entry.headers()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
