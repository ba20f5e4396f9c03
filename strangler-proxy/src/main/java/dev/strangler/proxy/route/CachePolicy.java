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
 */
public record CachePolicy(Duration ttl, List<String> vary, boolean userScoped, List<String> tags) {

  public CachePolicy {
    Objects.requireNonNull(ttl, "ttl == null");
    vary = vary == null ? List.of() : List.copyOf(vary);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public static CachePolicy of(Duration ttl) {
    return new CachePolicy(ttl, List.of(), false, List.of());
  }
}
