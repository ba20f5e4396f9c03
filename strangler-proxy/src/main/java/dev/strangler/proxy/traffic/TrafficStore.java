package dev.strangler.proxy.traffic;

import dev.strangler.proxy.redis.HashIncrements;
import dev.strangler.proxy.redis.StreamFields;
import dev.strangler.proxy.shadow.LatencyBuckets;
import dev.strangler.redis.vertx.BoundedRedis;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads the fleet-wide route traffic back from Redis and resets a route's; for the admin API (not the request path: a
 * pooled client, each call bounded by a timeout).
 */
public final class TrafficStore {

  private final BoundedRedis redis;
  private final TrafficKeys keys;
  private final Clock clock;

  public TrafficStore(Vertx vertx, String redisUrl, TrafficKeys keys, Duration timeout, Clock clock) {
    this.redis = BoundedRedis.wrap(SwitchingRedis.create(vertx, RedisClientOptions.of(redisUrl)), timeout);
    this.keys = keys;
    this.clock = clock;
  }

  /** Every route with route traffic, by id. */
  public Future<List<String>> routes() {
    return send(Request.cmd(Command.SMEMBERS).arg(keys.routes()))
        .map(r -> r == null ? List.<String>of() : r.stream().map(Response::toString).sorted().toList());
  }

  /** A route's traffic; zero counts and no {@code since} when it has none. */
  public Future<RouteTraffic> traffic(String route) {
    return Future.all(send(Request.cmd(Command.HGETALL).arg(keys.counts(route))), send(Request.cmd(Command.HGETALL).arg(keys.latency(route))))
        .map(all -> {
          Map<String, String> counts = StreamFields.of(all.resultAt(0));
          Map<String, String> latency = StreamFields.of(all.resultAt(1));
          int sides = Side.values().length;
          long[] requests = new long[sides];
          long[] errors = new long[sides];
          long[][] buckets = new long[sides][];
          for (Side side : Side.values()) {
            int s = side.ordinal();
            requests[s] = Long.parseLong(counts.getOrDefault(side.label() + RouteTraffic.REQUESTS, "0"));
            errors[s] = Long.parseLong(counts.getOrDefault(side.label() + RouteTraffic.ERRORS, "0"));
            buckets[s] = HashIncrements.indexed(latency, side.label(), LatencyBuckets.COUNT);
          }
          String since = counts.get(RouteTraffic.SINCE);
          return new RouteTraffic(route, since == null ? null : Instant.parse(since), requests, errors, buckets);
        });
  }

  /** Clears a route's traffic; it counts again from now, which is returned. */
  public Future<Instant> reset(String route) {
    Instant now = clock.instant();
    List<Request> batch = List.of(Request.cmd(Command.MULTI),
        Request.cmd(Command.DEL).arg(keys.counts(route)).arg(keys.latency(route)),
        Request.cmd(Command.HSET).arg(keys.counts(route)).arg(RouteTraffic.SINCE).arg(now.toString()),
        Request.cmd(Command.SADD).arg(keys.routes()).arg(route),
        Request.cmd(Command.EXEC));
    return redis.batch(batch).map(r -> now);
  }

  public Future<Void> close() {
    return redis.close();
  }

  private Future<Response> send(Request request) {
    return redis.send(request);
  }
}
