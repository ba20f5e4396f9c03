package dev.strangler.proxy.route;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A route's response cache: GET and HEAD answers kept in Redis, shared by every proxy instance.
 *
 * @param ttl how long an answer is kept; required
 * @param vary request headers whose values are part of the key (as given; compared case-insensitively); default none
 * @param userScoped a logged-in session's requests are cached per verified user (its id is part of the key); default
 *     false: requests carrying credentials are never cached
 * @param tags tag templates filled from the route's path parameters (e.g. {@code product:{sku}}); an event that the
 *     table's {@code cacheInvalidation} maps to a tag evicts every entry carrying it; default none
 * @param keep how much longer than its TTL an answer with a validator ({@code ETag} or {@code Last-Modified}) is kept
 *     to be revalidated: a request for it then asks the backend whether it changed, and a {@code 304} serves the kept
 *     body and keeps it anew; also lets answers marked {@code no-cache} or {@code max-age=0} be kept, each request
 *     revalidating them; default {@link Duration#ZERO}: an answer is gone at its TTL
 * @param staleIfError how much longer than its TTL an answer is kept to stand in for the backend's when that fails (a
 *     500, 502, 503 or 504, or no answer at all), as RFC 5861's {@code stale-if-error}; never for an answer marked
 *     {@code must-revalidate}, {@code proxy-revalidate}, {@code s-maxage} or {@code no-cache}; default
 *     {@link Duration#ZERO}: failures pass to the client
 */
public record CachePolicy(Duration ttl, List<String> vary, boolean userScoped, List<String> tags, Duration keep,
                          Duration staleIfError) {

  public CachePolicy {
    Objects.requireNonNull(ttl, "ttl == null");
    vary = vary == null ? List.of() : List.copyOf(vary);
    tags = tags == null ? List.of() : List.copyOf(tags);
    keep = keep == null ? Duration.ZERO : keep;
    staleIfError = staleIfError == null ? Duration.ZERO : staleIfError;
  }

  /** Without {@code keep} or {@code staleIfError}: answers are gone at their TTL. */
  public CachePolicy(Duration ttl, List<String> vary, boolean userScoped, List<String> tags) {
    this(ttl, vary, userScoped, tags, Duration.ZERO, Duration.ZERO);
  }

  public static CachePolicy of(Duration ttl) {
    return new CachePolicy(ttl, List.of(), false, List.of());
  }
}
