package dev.strangler.orders.checkout;

import dev.strangler.orders.store.Schema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Idempotency-Key} per customer, in the schema's {@code idempotency_keys}. A checkout first <em>claims</em> its
 * key (a row without an answer, committed at once, so a concurrent duplicate sees it); the answer is written in the
 * order's own transaction ({@link #complete}), so an order and its key's answer exist together or not at all. A
 * checkout that places no order gives its claim up ({@link #abandon}): only placed orders are replayed.
 */
public final class IdempotencyKeys {

  /** What claiming a key found. */
  public sealed interface Claim {
    /** The key is this request's now: go on. */
    record Claimed() implements Claim {}

    /** The key's order was placed: answer {@code status} and {@code body} again. */
    record Replay(int status, String body, long orderId) implements Claim {}

    /** The key was used for a different request. */
    record Mismatch() implements Claim {}

    /** A request with this key is still running. */
    record InProgress() implements Claim {}
  }

  private final Pool pool;
  private final Duration ttl;
  private final Duration claimTimeout;

  public IdempotencyKeys(Pool pool, Duration ttl, Duration claimTimeout) {
    this.pool = Objects.requireNonNull(pool, "pool == null");
    this.ttl = Objects.requireNonNull(ttl, "ttl == null");
    this.claimTimeout = Objects.requireNonNull(claimTimeout, "claimTimeout == null");
  }

  public Future<Claim> claim(Schema schema, long customerId, String key, String requestHash) {
    String table = schema.table("idempotency_keys");
    Tuple params = Tuple.of(customerId, key, requestHash, ttl.toMillis(), claimTimeout.toMillis());
    // A claim left by a crashed checkout (older than the claim timeout) or an expired, unswept key is taken over.
    return pool.preparedQuery("insert into " + table + " (customer_id, key, request_hash, expires_at)"
            + " values ($1, $2, $3, now() + $4::bigint * interval '1 millisecond')"
            + " on conflict (customer_id, key) do update set request_hash = excluded.request_hash, status = null, body = null,"
            + " order_id = null, claimed_at = now(), expires_at = excluded.expires_at"
            + " where " + table + ".expires_at < now()"
            + " or (" + table + ".status is null and " + table + ".claimed_at < now() - $5::bigint * interval '1 millisecond')"
            + " returning 1")
        .execute(params)
        .compose(claimed -> claimed.rowCount() == 1 ? Future.succeededFuture(new Claim.Claimed())
            : pool.preparedQuery("select status, body, order_id, request_hash from " + table + " where customer_id = $1 and key = $2")
                .execute(Tuple.of(customerId, key))
                .compose(rows -> rows.size() == 0 ? claim(schema, customerId, key, requestHash)
                    : Future.succeededFuture(existing(rows.iterator().next(), requestHash))));
  }

  private static Claim existing(Row row, String requestHash) {
    if (!requestHash.equals(row.getString("request_hash"))) {
      return new Claim.Mismatch();
    }
    if (row.getInteger("status") == null) {
      return new Claim.InProgress();
    }
    return replay(row);
  }

  /** The kept answer of a key whose order was placed (and has not expired), if any. */
  public Future<Optional<Claim.Replay>> answered(Schema schema, long customerId, String key) {
    return pool.preparedQuery("select status, body, order_id from " + schema.table("idempotency_keys")
            + " where customer_id = $1 and key = $2 and status is not null and expires_at >= now()")
        .execute(Tuple.of(customerId, key))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(replay(rows.iterator().next())));
  }

  private static Claim.Replay replay(Row row) {
    return new Claim.Replay(row.getInteger("status"), row.getString("body"), row.getLong("order_id"));
  }

  /** Records the answer in the order's transaction. */
  public Future<Void> complete(SqlConnection tx, Schema schema, long customerId, String key, int status, String body, long orderId) {
    return tx.preparedQuery("update " + schema.table("idempotency_keys") + " set status = $3, body = $4, order_id = $5"
            + " where customer_id = $1 and key = $2 and status is null")
        .execute(Tuple.of(customerId, key, status, body, orderId))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new IllegalStateException("idempotency key claim lost before the order committed")));
  }

  /** Gives an unanswered claim up (no order was placed), so a retry runs again. */
  public Future<Void> abandon(Schema schema, long customerId, String key) {
    return pool.preparedQuery("delete from " + schema.table("idempotency_keys") + " where customer_id = $1 and key = $2 and status is null")
        .execute(Tuple.of(customerId, key)).mapEmpty();
  }

  /** Deletes expired keys; yields how many. */
  public Future<Integer> sweep(Schema schema) {
    return pool.query("delete from " + schema.table("idempotency_keys") + " where expires_at < now()").execute().map(r -> r.rowCount());
  }
}
