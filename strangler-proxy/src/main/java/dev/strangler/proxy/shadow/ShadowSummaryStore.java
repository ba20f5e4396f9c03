package dev.strangler.proxy.shadow;

import dev.strangler.proxy.redis.HashIncrements;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads the fleet-wide shadow summaries and recent mismatches back from Redis, and resets a route's summary; for the
 * admin API (not the request path: a pooled client, each call bounded by the options' timeout).
 */
public final class ShadowSummaryStore {

  /** Stream entries read per XREVRANGE while looking for a route's mismatches. */
  static final int SCAN_PAGE = 200;
  private static final Set<String> JSON_FIELDS = Set.of("diffs", "legacy", "candidate");

  private final Redis redis;
  private final ShadowResultsOptions options;
  private final ShadowKeys keys;
  private final Clock clock;

  public ShadowSummaryStore(Vertx vertx, ShadowResultsOptions options, Clock clock) {
    // RESP2: hashes and scored members come back as flat lists whatever the server's default.
    this.redis = SwitchingRedis.create(vertx, RedisClientOptions.of(options.redisUrl())
        .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    this.options = options;
    this.keys = options.keys();
    this.clock = clock;
  }

  /** Every route with a summary, by id. */
  public Future<List<String>> routes() {
    return send(Request.cmd(Command.SMEMBERS).arg(keys.routes()))
        .map(r -> r == null ? List.<String>of() : r.stream().map(Response::toString).sorted().toList());
  }

  /** A route's summary with its {@code topPaths} most frequent differing paths; empty when it has none. */
  public Future<Optional<ShadowSummary>> summary(String route, int topPaths) {
    return Future.all(send(Request.cmd(Command.HGETALL).arg(keys.summary(route))),
            send(Request.cmd(Command.ZREVRANGE).arg(keys.paths(route)).arg(0).arg(topPaths - 1).arg("WITHSCORES")),
            send(Request.cmd(Command.HGETALL).arg(keys.latency(route))))
        .map(all -> {
          Map<String, String> fields = pairs(all.resultAt(0));
          if (fields.isEmpty()) {
            return Optional.empty();
          }
          Map<String, Long> counts = new HashMap<>();
          fields.forEach((field, value) -> {
            if (!field.equals(ShadowSummary.SINCE)) {
              counts.put(field, Long.parseLong(value));
            }
          });
          List<ShadowSummary.PathCount> paths = new ArrayList<>();
          Response scored = all.resultAt(1);
          for (int i = 0; scored != null && i + 1 < scored.size(); i += 2) {
            paths.add(new ShadowSummary.PathCount(scored.get(i).toString(), (long) Double.parseDouble(scored.get(i + 1).toString())));
          }
          Map<String, String> latency = pairs(all.resultAt(2));
          long[] legacy = HashIncrements.indexed(latency, ShadowSummary.LEGACY_SIDE, LatencyBuckets.COUNT);
          long[] candidate = HashIncrements.indexed(latency, ShadowSummary.CANDIDATE_SIDE, LatencyBuckets.COUNT);
          String since = fields.get(ShadowSummary.SINCE);
          return Optional.of(new ShadowSummary(route, since == null ? null : Instant.parse(since), counts, paths, legacy, candidate));
        });
  }

  /** Clears a route's summary; it counts again from now, which is returned. */
  public Future<Instant> reset(String route) {
    Instant now = clock.instant();
    List<Request> batch = List.of(Request.cmd(Command.MULTI),
        Request.cmd(Command.DEL).arg(keys.summary(route)).arg(keys.paths(route)).arg(keys.latency(route)),
        Request.cmd(Command.HSET).arg(keys.summary(route)).arg(ShadowSummary.SINCE).arg(now.toString()),
        Request.cmd(Command.SADD).arg(keys.routes()).arg(route),
        Request.cmd(Command.EXEC));
    return redis.batch(batch).timeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS).map(r -> now);
  }

  /**
   * A route's newest mismatches, at most {@code limit}, none before {@code since}: the stream is read newest first, a
   * page at a time, and no further back than its trim length.
   */
  public Future<List<JsonObject>> recentMismatches(String route, Instant since, int limit) {
    String oldest = since == null ? "-" : String.valueOf(since.toEpochMilli());
    return scan(route, since, "+", oldest, limit, new ArrayList<>(), 0);
  }

  /**
   * Whether an entry was recorded before {@code since}: the stream id only bounds the read, since an entry recorded
   * before a reset can be written (batched) in the reset's millisecond; the entry's own recording time decides.
   */
  private static boolean before(Map<String, String> fields, Instant since) {
    String at = fields.get("at");
    return since != null && at != null && Instant.parse(at).isBefore(since);
  }

  private Future<List<JsonObject>> scan(String route, Instant since, String newest, String oldest, int limit,
      List<JsonObject> found, int scanned) {
    return send(Request.cmd(Command.XREVRANGE).arg(keys.stream()).arg(newest).arg(oldest).arg("COUNT").arg(SCAN_PAGE))
        .compose(page -> {
          String last = null;
          int read = page == null ? 0 : page.size();
          for (int i = 0; i < read && found.size() < limit; i++) {
            Response entry = page.get(i);
            last = entry.get(0).toString();
            Map<String, String> fields = pairs(entry.get(1));
            if (route.equals(fields.get("route")) && "mismatch".equals(fields.get("outcome")) && !before(fields, since)) {
              found.add(json(last, fields));
            }
          }
          if (found.size() >= limit || read < SCAN_PAGE || scanned + read >= options.streamMaxLen()) {
            return Future.succeededFuture(found);
          }
          return scan(route, since, "(" + page.get(read - 1).get(0), oldest, limit, found, scanned + read);
        });
  }

  private static JsonObject json(String id, Map<String, String> fields) {
    JsonObject out = new JsonObject().put("id", id);
    fields.forEach((name, value) -> {
      if (JSON_FIELDS.contains(name)) {
        out.put(name, value.startsWith("[") ? new JsonArray(value) : new JsonObject(value));
      } else if (name.equals("epoch") || name.equals("mismatches")) {
        out.put(name, Long.parseLong(value));
      } else if (name.equals(ShadowSummary.SANDBOXED)) {
        out.put(name, Boolean.parseBoolean(value));
      } else if (!name.equals("route")) {
        out.put(name, value);
      }
    });
    return out;
  }

  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }

  private Future<Response> send(Request request) {
    return redis.send(request).timeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Map<String, String> pairs(Response flat) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; flat != null && i + 1 < flat.size(); i += 2) {
      out.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    return out;
  }
}
