package dev.strangler.redis.vertx;

import dev.strangler.redis.Backoff;
import dev.strangler.redis.RedisDeployment;
import dev.strangler.redis.RedisDeployment.Node;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to {@code +switch-master} on every sentinel of a deployment and tells its listeners, once per switch of the
 * watched master, where the master went. Each sentinel has its own subscription, pinged to notice a silent sentinel and
 * made again with a backoff when it ends: one sentinel down leaves the others watching, and none is needed for the
 * clients to work (a switch they miss costs what it cost before: until the old master is converted).
 */
public final class SwitchMasterWatch {

  private static final Logger LOG = LoggerFactory.getLogger(SwitchMasterWatch.class);
  static final String CHANNEL = "+switch-master";

  /**
   * @param commandTimeout connecting to a sentinel, subscribing and each ping fail after this long
   * @param pingInterval how often each subscription is pinged: a sentinel silent for longer is connected to anew
   */
  public record Options(Duration commandTimeout, Duration pingInterval) {
    /** Default command timeout. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Default ping interval. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(2);

    public Options {
      Objects.requireNonNull(commandTimeout, "commandTimeout == null");
      Objects.requireNonNull(pingInterval, "pingInterval == null");
      if (commandTimeout.isNegative() || commandTimeout.isZero() || pingInterval.isNegative() || pingInterval.isZero()) {
        throw new IllegalArgumentException("switch watch timeouts must be > 0 (got " + commandTimeout + ", " + pingInterval + ")");
      }
    }

    public static Options defaults() {
      return new Options(DEFAULT_COMMAND_TIMEOUT, DEFAULT_PING_INTERVAL);
    }
  }

  private final Vertx vertx;
  private final String masterName;
  private final Options options;
  private final List<SentinelSubscription> subscriptions = new ArrayList<>();
  private final List<Consumer<MasterSwitch>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong heard = new AtomicLong();
  private Node lastTo;
  private Context context;
  private volatile boolean closed;

  /**
   * @param sentinelUrls one plain URL per sentinel ({@code redis://[userinfo@]host:port}); a database path is ignored
   * @param masterName the master whose switches are told
   */
  public SwitchMasterWatch(Vertx vertx, List<String> sentinelUrls, String masterName, Options options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.masterName = Objects.requireNonNull(masterName, "masterName == null");
    this.options = Objects.requireNonNull(options, "options == null");
    if (sentinelUrls.isEmpty()) {
      throw new IllegalArgumentException("a switch watch needs at least one sentinel");
    }
    // A sentinel has no databases: SELECT would be refused.
    for (int i = 0; i < sentinelUrls.size(); i++) {
      subscriptions.add(new SentinelSubscription(sentinelUrls.get(i).replaceFirst("/\\d+$", ""), i));
    }
  }

  /** A watch of the sentinels and master a Sentinel {@code deployment} names. */
  public static SwitchMasterWatch of(Vertx vertx, RedisDeployment deployment, Options options) {
    if (deployment.mode() != RedisDeployment.Mode.SENTINEL) {
      throw new IllegalArgumentException("a switch watch needs a redis-sentinel:// deployment, not " + deployment.mode());
    }
    return new SwitchMasterWatch(vertx, deployment.nodeUrls(), deployment.masterName(), options);
  }

  /** {@code listener} is called (on the watch's context) once per switch of the watched master; returns how to stop it. */
  public Runnable onSwitch(Consumer<MasterSwitch> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener == null"));
    return () -> listeners.remove(listener);
  }

  /** Subscribes on every sentinel; returns at once (a sentinel that does not answer is tried again with a backoff). */
  public SwitchMasterWatch start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> subscriptions.forEach(SentinelSubscription::connect));
    return this;
  }

  /** How many sentinels it is subscribed on now. */
  public int subscribed() {
    return (int) subscriptions.stream().filter(s -> s.connection != null).count();
  }

  /** How many switch announcements it has heard, every sentinel's and every master's, duplicates included. */
  public long heard() {
    return heard.get();
  }

  public void close() {
    closed = true;
    if (context != null) {
      context.runOnContext(v -> subscriptions.forEach(SentinelSubscription::stop));
    }
  }

  /**
   * Every sentinel announces the same switch: only the first is told (they differ by where the master went). A slow
   * sentinel's announcement arriving after a newer switch is told again: one needless reconnect.
   */
  private void announced(MasterSwitch change) {
    heard.incrementAndGet();
    if (!change.master().equals(masterName) || change.to().equals(lastTo)) {
      return;
    }
    lastTo = change.to();
    LOG.warn("Sentinel switched master {}: dropping connections to the old master", change);
    for (Consumer<MasterSwitch> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.error("switch listener failed on {}", change, e);
      }
    }
  }

  /** One sentinel's subscription; used on the watch's context only. */
  private final class SentinelSubscription {
    private final String url;
    private final int position;
    private final Backoff retries = Backoff.defaults();
    private Redis client;
    private volatile RedisConnection connection;
    private long pinger = -1;
    private boolean warned;

    SentinelSubscription(String url, int position) {
      this.url = url;
      this.position = position;
    }

    void connect() {
      if (closed) {
        return;
      }
      Redis attempt = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
      client = attempt;
      BoundedRedis.wrap(attempt, options.commandTimeout()).connect().compose(conn -> {
        conn.handler(this::onMessage);
        conn.exceptionHandler(e -> lost(attempt, e));
        conn.endHandler(v -> lost(attempt, null));
        return BoundedRedis.bounded(conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)), options.commandTimeout()).map(conn);
      }).onSuccess(conn -> {
        if (client != attempt || closed) {
          attempt.close();
          return;
        }
        connection = conn;
        retries.reset();
        if (warned) {
          LOG.info("watching {} again on sentinel {}", CHANNEL, RedisDeployment.redact(url));
          warned = false;
        }
        pinger = vertx.setPeriodic(options.pingInterval().toMillis(), id -> ping(attempt, conn));
      }).onFailure(e -> lost(attempt, e));
    }

    private void ping(Redis attempt, RedisConnection conn) {
      BoundedRedis.bounded(conn.send(Request.cmd(Command.PING)), options.commandTimeout()).onFailure(e -> lost(attempt, e));
    }

    private void onMessage(Response message) {
      if (message.size() >= 3 && "message".equals(message.get(0).toString()) && CHANNEL.equals(message.get(1).toString())) {
        MasterSwitch.parse(message.get(2).toString(), position).ifPresent(SwitchMasterWatch.this::announced);
      }
    }

    /** The subscription ended or never started: drop it and subscribe again after the backoff. */
    private void lost(Redis attempt, Throwable cause) {
      if (client != attempt) {
        return;
      }
      stop();
      if (!closed) {
        if (!warned) {
          LOG.warn("not watching {} on sentinel {} ({}): subscribing again", CHANNEL, RedisDeployment.redact(url),
              cause == null ? "connection closed" : cause.toString());
          warned = true;
        }
        vertx.setTimer(retries.nextDelayMillis(), id -> connect());
      }
    }

    void stop() {
      if (pinger >= 0) {
        vertx.cancelTimer(pinger);
        pinger = -1;
      }
      connection = null;
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }
}
