package dev.strangler.catalog.recent;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The products a logged-in customer looked at last, newest first, without repeats: a short list per
 * customer in catalog-service's own Redis. A feature the monolith never had — the first one built only
 * on the extracted side, and the one that needs to know who the customer is.
 */
public final class RecentlyViewed {

  /** Products kept per customer. */
  public static final int DEFAULT_LIMIT = 10;
  /** A customer's list is forgotten this long after their last view. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  private final Redis redis;
  private final String prefix;

  /** {@code prefix} is catalog-service's key prefix; lists live under {@code <prefix>recent:<customer id>}. */
  public RecentlyViewed(Redis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.prefix = Objects.requireNonNull(prefix, "prefix == null");
  }

  /** Records that {@code customerId} looked at {@code sku}, in one transaction. */
  public Future<Void> viewed(String customerId, String sku) {
    String key = key(customerId);
    return redis.batch(List.of(
        Request.cmd(Command.MULTI),
        Request.cmd(Command.LREM).arg(key).arg(0).arg(sku),
        Request.cmd(Command.LPUSH).arg(key).arg(sku),
        Request.cmd(Command.LTRIM).arg(key).arg(0).arg(DEFAULT_LIMIT - 1),
        Request.cmd(Command.PEXPIRE).arg(key).arg(DEFAULT_RETENTION.toMillis()),
        Request.cmd(Command.EXEC))).mapEmpty();
  }

  /** The SKUs {@code customerId} looked at last, newest first. */
  public Future<List<String>> skus(String customerId) {
    return redis.send(Request.cmd(Command.LRANGE).arg(key(customerId)).arg(0).arg(DEFAULT_LIMIT - 1)).map(reply -> {
      List<String> out = new ArrayList<>();
      if (reply != null) {
        for (Response sku : reply) {
          out.add(sku.toString());
        }
      }
      return out;
    });
  }

  private String key(String customerId) {
    return prefix + "recent:" + customerId;
  }
}
