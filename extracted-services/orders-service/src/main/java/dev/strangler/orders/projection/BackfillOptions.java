package dev.strangler.orders.projection;

import dev.strangler.servicekit.backfill.ProductPages;
import dev.strangler.servicekit.backfill.Retrying;
import dev.strangler.servicekit.config.EnvReader;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The product backfill on start.
 *
 * @param from the monolith whose public product API fills the projection ({@code ORDERS_BACKFILL_FROM}); no default:
 *     without it there is no backfill on start
 * @param pageSize products per page ({@code ORDERS_BACKFILL_PAGE_SIZE}, 1–100); default {@value #DEFAULT_PAGE_SIZE},
 *     the monolith's largest
 * @param firstRetry the wait after a first failed attempt, doubled after each further one ({@code ORDERS_BACKFILL_RETRY_MS});
 *     default {@link Retrying#DEFAULT_FIRST_DELAY}
 * @param maxRetry the longest wait between attempts ({@code ORDERS_BACKFILL_RETRY_MAX_MS}); default
 *     {@link Retrying#DEFAULT_MAX_DELAY}
 */
public record BackfillOptions(URI from, int pageSize, Duration firstRetry, Duration maxRetry) {

  public static final int DEFAULT_PAGE_SIZE = ProductPages.MAX_PAGE_SIZE;

  public BackfillOptions {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(firstRetry, "firstRetry == null");
    Objects.requireNonNull(maxRetry, "maxRetry == null");
  }

  /** The defaults, from {@code from}. */
  public static BackfillOptions of(URI from) {
    return new BackfillOptions(from, DEFAULT_PAGE_SIZE, Retrying.DEFAULT_FIRST_DELAY, Retrying.DEFAULT_MAX_DELAY);
  }

  /** {@code ORDERS_BACKFILL_*}; null when {@code ORDERS_BACKFILL_FROM} is not set. Problems go to {@code env}. */
  public static BackfillOptions read(EnvReader env) {
    String from = env.httpUrl("ORDERS_BACKFILL_FROM", null);
    int pageSize = env.integer("ORDERS_BACKFILL_PAGE_SIZE", DEFAULT_PAGE_SIZE, 1, ProductPages.MAX_PAGE_SIZE);
    Duration first = env.millis("ORDERS_BACKFILL_RETRY_MS", Retrying.DEFAULT_FIRST_DELAY, Duration.ofMinutes(10));
    Duration max = env.millis("ORDERS_BACKFILL_RETRY_MAX_MS", Retrying.DEFAULT_MAX_DELAY, Duration.ofHours(1));
    env.require(!first.isZero() && max.compareTo(first) >= 0,
        "ORDERS_BACKFILL_RETRY_MS must be above 0 and at most ORDERS_BACKFILL_RETRY_MAX_MS (got " + first.toMillis() + ", "
            + max.toMillis() + ")");
    return from == null ? null : new BackfillOptions(URI.create(from), pageSize, first, max);
  }

  public BackfillOptions withFrom(URI monolith) {
    return new BackfillOptions(monolith, pageSize, firstRetry, maxRetry);
  }
}
