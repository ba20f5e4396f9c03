package dev.strangler.redis.vertx;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A pooled Redis client whose every call fails after a timeout instead of waiting for ever: the Vert.x client has no
 * per-command timeout (vertx-redis-client #293), and a master that dies without closing its sockets (a failover, a
 * network cut) would otherwise hold every caller. Connecting is bounded too; what a dedicated connection then sends is
 * the caller's to bound ({@link #bounded}).
 */
public final class BoundedRedis implements Redis {

  private final Redis client;
  private final Duration timeout;

  private BoundedRedis(Redis client, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
  }

  /** {@code client} with every send, batch and connect bounded by {@code timeout}. */
  public static BoundedRedis wrap(Redis client, Duration timeout) {
    return client instanceof BoundedRedis b && b.timeout.equals(timeout) ? b : new BoundedRedis(client, timeout);
  }

  /** {@code call}, failed with a {@link java.util.concurrent.TimeoutException} when not done within {@code timeout}. */
  public static <T> Future<T> bounded(Future<T> call, Duration timeout) {
    return call.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public Future<RedisConnection> connect() {
    Future<RedisConnection> raw = client.connect();
    // A connection that opens after the caller gave up would leak: close it.
    return bounded(raw, timeout).onFailure(e -> raw.onSuccess(RedisConnection::close));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  @Override
  public Future<Response> send(Request request) {
    return bounded(client.send(request), timeout);
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return bounded(client.batch(requests), timeout);
  }
}
