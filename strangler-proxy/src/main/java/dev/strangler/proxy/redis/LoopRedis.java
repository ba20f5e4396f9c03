package dev.strangler.proxy.redis;

import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One Redis connection of an event loop's own, for the request path: requests in flight on it pipeline (a pool caps
 * its waiters), every call is bounded by a timeout (the client has none), and after a connection failure or a timeout
 * calls fail at once for a short pause instead of each waiting the timeout out. The failed connection is dropped and
 * the first call after the pause opens a new one (connecting has a bound of its own, and a call waits for it no longer
 * than its timeout). It connects when created, so the first request doesn't pay for it. Error replies (a wrong type, a
 * missing script) are passed on and change nothing. Confined to one event loop.
 */
public final class LoopRedis {

  /** After a failure, calls fail at once this long; one call per pause then tries again. */
  public static final Duration DEFAULT_PAUSE_AFTER_FAILURE = Duration.ofMillis(500);
  /** Connecting (TCP and the HELLO handshake) may take this long before the attempt counts as failed. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** Why a call failed without anything sent: Redis failed recently and the pause is not over, or it can't be reached. */
  public static final class Unavailable extends RuntimeException {
    Unavailable() {
      super("Redis failed recently; not asked again before the pause is over", null, false, false);
    }

    Unavailable(Throwable cause) {
      super("Redis can't be reached (" + cause + "); nothing was sent", cause, false, false);
    }
  }

  private final Redis client;
  private final Duration timeout;
  private final long pauseNanos;
  private Future<RedisConnection> connection;
  private long downUntil;
  private boolean down;

  public LoopRedis(Vertx vertx, String redisUrl, Duration timeout, Duration pauseAfterFailure) {
    this(vertx, RedisClientOptions.of(Objects.requireNonNull(redisUrl, "redisUrl == null")), timeout, pauseAfterFailure);
  }

  /** With client options of the caller's (e.g. more waiting handlers for large batches). */
  public LoopRedis(Vertx vertx, RedisOptions options, Duration timeout, Duration pauseAfterFailure) {
    this.client = SwitchingRedis.create(vertx, new RedisOptions(options).setMaxPoolSize(2));
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    this.pauseNanos = pauseAfterFailure.toNanos();
    connection();
  }

  /** Sends {@code request}; fails when Redis can't answer within the timeout, or at once during a pause. */
  public Future<Response> send(Request request) {
    return call(c -> c.send(request));
  }

  /** Sends {@code requests} in one pipeline (one write, one round trip); fails as {@link #send} does. */
  public Future<List<Response>> batch(List<Request> requests) {
    return call(c -> c.batch(requests));
  }

  private <T> Future<T> call(Function<RedisConnection, Future<T>> command) {
    if (down && System.nanoTime() - downUntil < 0) {
      return Future.failedFuture(new Unavailable());
    }
    Future<RedisConnection> open = connection();
    return open.transform(ar -> ar.succeeded() ? command.apply(ar.result()) : Future.<T>failedFuture(new Unavailable(ar.cause())))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(r -> down = false)
        .onFailure(e -> {
          // Still connecting: the connect timeout decides. An error reply is an answer.
          if (open.succeeded() && !(e instanceof io.vertx.redis.client.impl.types.ErrorType)) {
            failed(open);
          }
        });
  }

  public Future<Void> close() {
    Future<RedisConnection> open = connection;
    connection = null;
    Future<Void> closed = open == null ? Future.succeededFuture() : open.compose(RedisConnection::close).otherwiseEmpty();
    return closed.eventually(client::close);
  }

  private Future<RedisConnection> connection() {
    Future<RedisConnection> current = connection;
    if (current == null) {
      Future<RedisConnection> raw = client.connect();
      Future<RedisConnection> opening = raw.timeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      connection = opening;
      current = opening;
      // A connect that fails at once (Redis down) runs onFailure here and forgets `connection`: return the attempt.
      opening.onSuccess(c -> {
        c.exceptionHandler(e -> drop(opening));
        c.endHandler(v -> drop(opening));
      }).onFailure(e -> {
        failed(opening);
        raw.onSuccess(RedisConnection::close); // connected too late: not used
      });
    }
    return current;
  }

  /**
   * The connection failed or went silent: dropped, and calls fail at once for the pause. A call failed by its connection
   * ending (Redis closed it, or the client did on a master switch) does not pause: the end dropped it already, and the
   * next call connects anew; the pause follows if that connect fails.
   */
  private void failed(Future<RedisConnection> open) {
    if (open.succeeded() && connection != open) {
      return;
    }
    drop(open);
    down = true;
    downUntil = System.nanoTime() + pauseNanos;
  }

  /** Forgets a failed or silent connection (closing it if it opened), so a later call connects anew. */
  private void drop(Future<RedisConnection> failed) {
    if (connection == failed) {
      connection = null;
      failed.onSuccess(RedisConnection::close);
    }
  }
}
