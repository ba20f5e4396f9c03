package dev.strangler.proxy.table;

import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's route table in Redis: the current version, a history stream of every version, and a
 * change notification. A new version is written by one Lua script, so the epoch only ever grows by
 * one and a publish based on a stale read is refused.
 */
public final class RedisRouteStore {

  /** Every command gets one: the Redis client has no per-command timeout of its own. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private static final String PUBLISH_SCRIPT = """
      local cur = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
      local expected = tonumber(ARGV[1])
      if expected >= 0 and expected ~= cur then
        return redis.error_reply('STALE ' .. cur)
      end
      local nxt = cur + 1
      redis.call('HSET', KEYS[1], 'epoch', nxt, 'document', ARGV[2], 'actor', ARGV[3], 'time', ARGV[4], 'reason', ARGV[5])
      redis.call('XADD', KEYS[2], nxt .. '-1', 'epoch', nxt, 'document', ARGV[2], 'actor', ARGV[3], 'time', ARGV[4],
                 'reason', ARGV[5], 'diff', ARGV[6])
      redis.call('PUBLISH', ARGV[7], nxt)
      return nxt
      """;
  private static final String DIFF_SEPARATOR = "\n";

  private final Redis redis;
  private final RouteStoreKeys keys;
  private final Duration timeout;
  private final Clock clock;

  public RedisRouteStore(Redis redis, RouteStoreKeys keys, Duration timeout, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public RouteStoreKeys keys() {
    return keys;
  }

  /** The current epoch, 0 when no table was ever published. */
  public Future<Long> currentEpoch() {
    return send(Request.cmd(Command.HGET).arg(keys.current()).arg("epoch"))
        .map(r -> r == null ? 0L : r.toLong());
  }

  public Future<Optional<RouteTableVersion>> current() {
    return send(Request.cmd(Command.HMGET).arg(keys.current()).arg("epoch").arg("document").arg("actor").arg("time").arg("reason"))
        .map(r -> {
          if (r == null || r.get(0) == null) {
            return Optional.empty();
          }
          return Optional.of(new RouteTableVersion(r.get(0).toLong(), RouteTableCodec.parse(r.get(1).toString()),
              str(r.get(2)), instant(r.get(3)), str(r.get(4)), List.of()));
        });
  }

  /**
   * Publishes {@code table} as the next epoch if the current epoch is still {@code expectedEpoch}
   * (fails with {@link StaleEpochException} otherwise). The caller validates first.
   */
  public Future<RouteTableVersion> publish(RouteTableDefinition table, long expectedEpoch, List<String> diff, String actor, String reason) {
    String document = RouteTableCodec.toJson(table);
    Instant now = clock.instant();
    Request eval = Request.cmd(Command.EVAL).arg(PUBLISH_SCRIPT).arg(2).arg(keys.current()).arg(keys.history())
        .arg(expectedEpoch).arg(document).arg(actor).arg(now.toString()).arg(reason == null ? "" : reason)
        .arg(String.join(DIFF_SEPARATOR, diff)).arg(keys.changes());
    return send(eval)
        .map(r -> new RouteTableVersion(r.toLong(), table, actor, now, reason, diff))
        .recover(e -> {
          String message = String.valueOf(e.getMessage());
          int at = message.indexOf("STALE ");
          if (at >= 0) {
            long current = Long.parseLong(message.substring(at + 6).trim().split("\\s")[0]);
            return Future.failedFuture(new StaleEpochException(expectedEpoch, current));
          }
          return Future.failedFuture(e);
        });
  }

  /** Publishes on top of whatever is current, with the diff against it; retried when another writer wins a race. */
  public Future<RouteTableVersion> publishNext(RouteTableDefinition table, String actor, String reason) {
    return publishNext(table, actor, reason, 3);
  }

  private Future<RouteTableVersion> publishNext(RouteTableDefinition table, String actor, String reason, int attempts) {
    return current().compose(cur -> {
      long expected = cur.map(RouteTableVersion::epoch).orElse(0L);
      List<String> diff = RouteTableDiff.between(cur.map(RouteTableVersion::table).orElse(null), table);
      return publish(table, expected, diff, actor, reason);
    }).recover(e -> e instanceof StaleEpochException && attempts > 1
        ? publishNext(table, actor, reason, attempts - 1) : Future.failedFuture(e));
  }

  /** Newest first, at most {@code limit}. */
  public Future<List<RouteTableVersion>> history(int limit) {
    return send(Request.cmd(Command.XREVRANGE).arg(keys.history()).arg("+").arg("-").arg("COUNT").arg(limit))
        .map(this::versions);
  }

  public Future<Optional<RouteTableVersion>> version(long epoch) {
    String id = epoch + "-1";
    return send(Request.cmd(Command.XRANGE).arg(keys.history()).arg(id).arg(id))
        .map(r -> versions(r).stream().findFirst());
  }

  private List<RouteTableVersion> versions(Response entries) {
    List<RouteTableVersion> out = new ArrayList<>();
    if (entries == null) {
      return out;
    }
    for (Response entry : entries) {
      Response fields = entry.get(1);
      java.util.Map<String, String> f = new java.util.HashMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        f.put(fields.get(i).toString(), str(fields.get(i + 1)));
      }
      String diff = f.getOrDefault("diff", "");
      out.add(new RouteTableVersion(Long.parseLong(f.get("epoch")), RouteTableCodec.parse(f.get("document")),
          f.get("actor"), f.get("time") == null ? null : Instant.parse(f.get("time")), f.get("reason"),
          diff.isEmpty() ? List.of() : Arrays.asList(diff.split(DIFF_SEPARATOR))));
    }
    return out;
  }

  Future<Response> send(Request request) {
    return redis.send(request).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String str(Response r) {
    return r == null ? null : r.toString();
  }

  private static Instant instant(Response r) {
    return r == null ? null : Instant.parse(r.toString());
  }
}
