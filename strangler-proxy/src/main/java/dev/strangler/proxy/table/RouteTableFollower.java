package dev.strangler.proxy.table;

import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.redis.Backoff;
import dev.strangler.redis.vertx.BoundedRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's {@link LiveRouteTable} on the fleet's newest epoch: a pub/sub notification
 * triggers a sync at once, a poll catches anything missed (such as while Redis was away), and a
 * heartbeat reports the applied epoch so a flip can be confirmed fleet-wide. While Redis is
 * unreachable the last good table keeps serving.
 */
public final class RouteTableFollower {

  /**
   * @param pollInterval how often the epoch is checked besides notifications; default 1 s
   * @param heartbeatInterval how often this instance reports itself; default 1 s
   * @param reconnectDelay first wait before re-subscribing after the subscription dropped, doubled after each failed
   *     attempt up to {@link #MAX_RECONNECT_DELAY}; default 500 ms
   */
  public record Options(Duration pollInterval, Duration heartbeatInterval, Duration reconnectDelay) {
    public static final Options DEFAULTS = new Options(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
  }

  /** The longest wait between two attempts to subscribe again. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(4);

  private static final Logger LOG = LoggerFactory.getLogger(RouteTableFollower.class);

  private final Vertx vertx;
  private final BoundedRedis redis;
  private final Backoff reconnects;
  private final RedisRouteStore store;
  private final LiveRouteTable live;
  private final String instanceId;
  private final Options options;
  private final Clock clock;
  private final Instant startedAt;
  private long pollTimer = -1;
  private long heartbeatTimer = -1;
  private RedisConnection subscription;
  private boolean syncing;
  private boolean syncAgain;
  private volatile boolean stopped;
  private volatile boolean redisReachable = true;

  public RouteTableFollower(Vertx vertx, Redis redis, RedisRouteStore store, LiveRouteTable live, String instanceId,
                            Options options, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    // Subscribing (connect and SUBSCRIBE) is bounded: a master that vanished without a word must not stall it.
    this.redis = BoundedRedis.wrap(Objects.requireNonNull(redis, "redis == null"), RedisRouteStore.DEFAULT_COMMAND_TIMEOUT);
    this.store = Objects.requireNonNull(store, "store == null");
    this.live = Objects.requireNonNull(live, "live == null");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.reconnects = new Backoff(options.reconnectDelay(),
        options.reconnectDelay().compareTo(MAX_RECONNECT_DELAY) > 0 ? options.reconnectDelay() : MAX_RECONNECT_DELAY);
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.startedAt = clock.instant();
  }

  /** Completes after the first sync attempt; a Redis that is down only delays following, it never fails start-up. */
  public Future<Void> start() {
    pollTimer = vertx.setPeriodic(options.pollInterval().toMillis(), id -> sync());
    heartbeatTimer = vertx.setPeriodic(options.heartbeatInterval().toMillis(), id -> heartbeat());
    subscribe();
    return syncOnce().recover(e -> Future.succeededFuture()).compose(v -> heartbeat());
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(heartbeatTimer);
    if (subscription != null) {
      subscription.close();
    }
    return store.send(Request.cmd(Command.HDEL).arg(store.keys().instances()).arg(instanceId))
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  public boolean redisReachable() {
    return redisReachable;
  }

  /** Syncs now (serialised: a sync asked for during one runs right after it). */
  public void sync() {
    if (stopped) {
      return;
    }
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    syncOnce().onComplete(ar -> {
      syncing = false;
      if (syncAgain) {
        syncAgain = false;
        sync();
      }
    });
  }

  private Future<Void> syncOnce() {
    return store.currentEpoch().compose(epoch -> {
      reachable(true, null);
      if (epoch <= live.current().epoch() || (live.lastRejection() != null && live.lastRejection().epoch() == epoch)) {
        return Future.succeededFuture();
      }
      return store.current().<Void>map(version -> {
        version.ifPresent(v -> {
          try {
            if (live.offer(v.epoch(), v.table(), "redis")) {
              heartbeat();
            }
          } catch (InvalidRouteTableException e) {
            heartbeat();
          }
        });
        return null;
      });
    }).onFailure(e -> reachable(false, e)).mapEmpty();
  }

  private Future<Void> heartbeat() {
    if (stopped) {
      return Future.succeededFuture();
    }
    LiveRouteTable.Rejection rejection = live.lastRejection();
    InstanceStatus status = new InstanceStatus(instanceId, live.current().epoch(),
        rejection == null ? 0 : rejection.epoch(), rejection == null ? List.of() : rejection.problems(), startedAt, clock.instant());
    return store.send(Request.cmd(Command.HSET).arg(store.keys().instances()).arg(instanceId).arg(status.toJson().encode()))
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  private void subscribe() {
    if (stopped) {
      return;
    }
    redis.connect().compose(conn -> {
      conn.handler(this::onMessage);
      conn.exceptionHandler(e -> resubscribe(conn));
      conn.endHandler(v -> resubscribe(conn));
      return BoundedRedis.bounded(conn.send(Request.cmd(Command.SUBSCRIBE).arg(store.keys().changes())), redis.timeout())
          .map(conn).onFailure(e -> conn.close());
    }).onSuccess(conn -> {
      subscription = conn;
      reconnects.reset();
      sync();
    }).onFailure(e -> {
      reachable(false, e);
      vertx.setTimer(reconnects.nextDelayMillis(), id -> subscribe());
    });
  }

  private void resubscribe(RedisConnection dropped) {
    if (subscription == dropped) {
      subscription = null;
      if (!stopped) {
        vertx.setTimer(reconnects.nextDelayMillis(), id -> subscribe());
      }
    }
  }

  private void onMessage(Response message) {
    if (message.type() == ResponseType.PUSH && message.size() >= 3 && "message".equals(message.get(0).toString())) {
      sync();
    }
  }

  private void reachable(boolean now, Throwable cause) {
    if (redisReachable != now) {
      redisReachable = now;
      if (now) {
        LOG.info("Redis reachable again: following the fleet's route table (applied epoch {})", live.current().epoch());
      } else {
        LOG.warn("Redis unreachable ({}): serving the last good route table, epoch {}", cause == null ? "?" : cause.getMessage(),
            live.current().epoch());
      }
    }
  }

  /** Completed once this instance has applied at least {@code epoch}; for tests and the admin API's confirmation. */
  public Future<Void> awaitEpoch(long epoch, Duration within) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    check(epoch, deadline, promise);
    return promise.future();
  }

  private void check(long epoch, long deadline, Promise<Void> promise) {
    if (live.current().epoch() >= epoch) {
      promise.complete();
    } else if (System.nanoTime() > deadline) {
      promise.fail("epoch " + epoch + " not applied in time (at " + live.current().epoch() + ")");
    } else {
      vertx.setTimer(10, id -> check(epoch, deadline, promise));
    }
  }
}
