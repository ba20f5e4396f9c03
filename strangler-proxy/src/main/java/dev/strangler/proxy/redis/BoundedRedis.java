package dev.strangler.proxy.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** A pooled Redis client off the request path (the admin API's readers) whose every call is bounded by a timeout. */
public final class BoundedRedis {

  private final Redis redis;
  private final Duration timeout;

  public BoundedRedis(Vertx vertx, String redisUrl, Duration timeout) {
    this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(Objects.requireNonNull(redisUrl, "redisUrl == null")));
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
  }

  public Future<Response> send(Request request) {
    return redis.send(request).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends the requests pipelined (e.g. a MULTI … EXEC); the replies in order. */
  public Future<List<Response>> batch(List<Request> requests) {
    return redis.batch(requests).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }
}
