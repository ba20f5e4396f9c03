package dev.strangler.proxy.cache;

import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads event streams with plain {@code XREAD BLOCK} on a connection of its own (no consumer group: every instance
 * reads every event). A stream is read from where it ends when first asked for (as {@code $} would, but its position is
 * then kept, so nothing arriving between two reads is missed). After a failure it connects again and goes on from the
 * positions it had.
 */
final class RedisStreamFeed implements EventFeed {

  /**
   * How long one XREAD waits for an event; also how soon a stream a new table names starts being read (events appended
   * before that are not seen, so it is kept short).
   */
  static final Duration DEFAULT_BLOCK = Duration.ofMillis(250);
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final int BATCH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamFeed.class);

  private final Vertx vertx;
  private final Redis client;
  private final CacheOptions options;
  private final Duration block;
  private final Map<String, String> positions = new HashMap<>();
  private Supplier<Set<String>> streams;
  private Handler<StreamEvent> handler;
  private Future<RedisConnection> connection;
  private boolean stopped;
  private long lastWarning;

  RedisStreamFeed(Vertx vertx, CacheOptions options, Duration block) {
    this.vertx = vertx;
    this.options = options;
    this.block = block;
    this.client = SwitchingRedis.create(vertx, RedisClientOptions.of(options.eventsRedisUrl()));
  }

  @Override
  public void start(Supplier<Set<String>> streams, Handler<StreamEvent> handler) {
    this.streams = streams;
    this.handler = handler;
    read();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    Future<RedisConnection> open = connection;
    connection = null;
    return (open == null ? Future.<Void>succeededFuture() : open.compose(RedisConnection::close).otherwiseEmpty())
        .eventually(client::close);
  }

  private void read() {
    if (stopped) {
      return;
    }
    Set<String> wanted = streams.get();
    positions.keySet().retainAll(wanted);
    if (wanted.isEmpty()) {
      vertx.setTimer(block.toMillis(), id -> read());
      return;
    }
    Future<RedisConnection> open = connection();
    open.compose(c -> positions(c, wanted).compose(v -> c.send(xread(wanted))))
        .timeout(block.toMillis() + 5_000, TimeUnit.MILLISECONDS)
        .onSuccess(reply -> {
          deliver(reply);
          read();
        })
        .onFailure(e -> {
          if (stopped) {
            return;
          }
          warn(e);
          drop(open);
          vertx.setTimer(RETRY_AFTER.toMillis(), id -> read());
        });
  }

  /** Streams read for the first time start where they end now ("0-0" when they don't exist yet: all of it is new). */
  private Future<Void> positions(RedisConnection c, Set<String> wanted) {
    List<Future<?>> lookups = new ArrayList<>();
    for (String stream : wanted) {
      if (!positions.containsKey(stream)) {
        lookups.add(c.send(Request.cmd(Command.XREVRANGE).arg(options.stream(stream)).arg("+").arg("-").arg("COUNT").arg(1))
            .onSuccess(r -> positions.put(stream, r == null || r.size() == 0 ? "0-0" : r.get(0).get(0).toString())));
      }
    }
    return Future.all(lookups).mapEmpty();
  }

  private Request xread(Set<String> wanted) {
    List<String> ordered = new ArrayList<>(wanted);
    Request request = Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(block.toMillis()).arg("STREAMS");
    ordered.forEach(s -> request.arg(options.stream(s)));
    ordered.forEach(s -> request.arg(positions.get(s)));
    return request;
  }

  /** RESP3 answers a map of stream key to entries, RESP2 a list of [key, entries]; null when the block timed out. */
  private void deliver(Response reply) {
    if (reply == null) {
      return;
    }
    if (reply.isMap()) {
      for (String key : reply.getKeys()) {
        entries(key, reply.get(key));
      }
    } else {
      for (Response stream : reply) {
        entries(stream.get(0).toString(), stream.get(1));
      }
    }
  }

  private void entries(String key, Response entries) {
    String stream = key.substring(options.stream("").length());
    for (Response entry : entries) {
      String id = entry.get(0).toString();
      Map<String, String> fields = dev.strangler.proxy.redis.StreamFields.of(entry.get(1));
      positions.put(stream, id);
      try {
        handler.handle(new StreamEvent(stream, id, fields));
      } catch (RuntimeException e) {
        LOG.error("event {} on stream {} could not be handled", id, key, e);
      }
    }
  }

  private Future<RedisConnection> connection() {
    Future<RedisConnection> current = connection;
    if (current == null) {
      current = client.connect();
      connection = current;
      Future<RedisConnection> opening = current;
      opening.onFailure(e -> drop(opening)); // may run at once and forget `connection`: the attempt is returned
    }
    return current;
  }

  private void drop(Future<RedisConnection> failed) {
    if (connection == failed) {
      connection = null;
      failed.onSuccess(RedisConnection::close);
    }
  }

  private void warn(Throwable e) {
    long now = System.currentTimeMillis();
    if (now - lastWarning >= 10_000) {
      lastWarning = now;
      LOG.warn("event streams unreachable, cache evictions wait (entries still expire with their TTL): {}", e.toString());
    }
  }
}
