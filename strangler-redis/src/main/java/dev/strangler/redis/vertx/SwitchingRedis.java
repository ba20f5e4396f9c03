package dev.strangler.redis.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vert.x Redis client that stops using the old master as soon as the sentinels switch it: on a switch its
 * {@link SwitchMasterWatch} tells of, or when a connection answers {@code READONLY} (it reached a replica), the pool is
 * closed with every connection on it, those handed out by {@link #connect()} included (their owners see them end and
 * connect again), and a new pool asks the sentinels anew. Without it a planned failover leaves open connections on the
 * old master, which stays a master until Sentinel converts it (up to 10 s), and what they write there is lost.
 */
public final class SwitchingRedis implements Redis {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchingRedis.class);

  private final Vertx vertx;
  private final RedisOptions options;
  /** The sentinels in the watch's order, which a switch's position refers to. */
  private final List<String> sentinels;
  private final AtomicReference<Redis> current = new AtomicReference<>();
  private final Set<SwitchingConnection> handedOut = ConcurrentHashMap.newKeySet();
  private final Runnable unwatch;
  private volatile boolean closed;

  private SwitchingRedis(Vertx vertx, RedisOptions options, SwitchMasterWatches.Lease lease) {
    this.vertx = vertx;
    this.options = new RedisOptions(options);
    this.sentinels = List.copyOf(options.getEndpoints());
    this.current.set(Redis.createClient(vertx, this.options));
    Runnable stopListening = lease.watch().onSwitch(change -> {
      askFirst(change.sentinel());
      renew(current.get(), "master switched (" + change + ")");
    });
    this.unwatch = () -> {
      stopListening.run();
      lease.release();
    };
  }

  /**
   * A client for {@code options} (from {@link RedisClientOptions}): with Sentinel one that follows master switches
   * through the process's shared watch of those sentinels; otherwise Vert.x's own client.
   */
  public static Redis create(Vertx vertx, RedisOptions options) {
    Objects.requireNonNull(vertx, "vertx == null");
    Objects.requireNonNull(options, "options == null");
    if (options.getType() != RedisClientType.SENTINEL) {
      return Redis.createClient(vertx, options);
    }
    return new SwitchingRedis(vertx, options, SwitchMasterWatches.acquire(vertx, options.getEndpoints(), options.getMasterName()));
  }

  /** As {@link #create(Vertx, RedisOptions)} for the deployment {@code url} describes. */
  public static Redis create(Vertx vertx, String url) {
    return create(vertx, RedisClientOptions.of(url));
  }

  @Override
  public Future<RedisConnection> connect() {
    Redis pool = current.get();
    return pool.connect().map(conn -> {
      SwitchingConnection wrapped = new SwitchingConnection(conn, this, pool);
      handedOut.add(wrapped);
      return wrapped;
    });
  }

  @Override
  public Future<Response> send(Request request) {
    Redis pool = current.get();
    return pool.send(request).onFailure(e -> failed(pool, e));
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    Redis pool = current.get();
    return pool.batch(requests).onFailure(e -> failed(pool, e));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    unwatch.run();
    handedOut.forEach(SwitchingConnection::drop);
    return current.get().close();
  }

  /**
   * The new pool asks the sentinels in the list's order: the one that announced the switch goes first, since the others
   * may not know of it yet (they hear of it from each other within about 2 s) and would name the old master.
   */
  private void askFirst(int sentinel) {
    if (sentinel < 0 || sentinel >= sentinels.size()) {
      return;
    }
    String first = sentinels.get(sentinel);
    synchronized (options) {
      List<String> endpoints = new ArrayList<>(options.getEndpoints());
      if (endpoints.remove(first)) {
        endpoints.add(0, first);
        options.setEndpoints(endpoints);
      }
    }
  }

  /** A call on {@code pool} failed: a READONLY error means it reached a replica, the old master converted. */
  void failed(Redis pool, Throwable error) {
    String message = error.getMessage();
    if (message != null && message.startsWith("READONLY")) {
      renew(pool, "a connection reached a replica (READONLY)");
    }
  }

  /** The pool in use now. */
  Redis pool() {
    return current.get();
  }

  void forget(SwitchingConnection connection) {
    handedOut.remove(connection);
  }

  /** Replaces {@code stale} (if it is still the pool) with a new pool and closes it with every connection it gave. */
  private void renew(Redis stale, String why) {
    Redis fresh = Redis.createClient(vertx, options);
    if (closed || !current.compareAndSet(stale, fresh)) {
      fresh.close(); // another caller renewed it first (or the client closed): this one was never handed out
      return;
    }
    LOG.info("{}: closing the Redis pool and its {} dedicated connection(s); new ones ask the sentinels", why, handedOut.size());
    for (SwitchingConnection connection : handedOut) {
      if (connection.pool() == stale) {
        connection.drop();
      }
    }
    stale.close();
  }
}
