package dev.strangler.proxy.cache;

import dev.strangler.proxy.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Kept answers in Redis: a hash per entry expiring with its TTL (plus the longer of the route's {@code keep} and
 * {@code staleIfError}, when the answer may be revalidated or stand in), a set per tag of the entries carrying it, and
 * per tag the Redis time of its last eviction. Every operation is one script on Redis's clock, so a race between an eviction
 * and an answer being kept is settled there: an answer looked up before its tag was evicted is never kept.
 */
final class CacheStore {

  /** Longer than any request takes from its lookup to its answer being kept. */
  static final Duration EVICTION_MARK_TTL = Duration.ofMinutes(10);

  /**
   * KEYS[1] the entry. Returns {now} on a miss, {now, pttl, status, headers, body, ttl, age, after, staleIfError} when
   * found (the last two nil in entries kept before they existed).
   */
  private static final RedisScript LOOKUP = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local v = redis.call('HMGET', KEYS[1], 's', 'h', 'b', 't', 'a', 'k', 'e')
      if not v[1] then
        return {now}
      end
      return {now, redis.call('PTTL', KEYS[1]), v[1], v[2], v[3], v[4], v[5], v[6], v[7]}
      """);

  /**
   * KEYS[1] the entry, then per tag its set and its eviction mark. ARGV: looked up at (ms), ttl (ms: fresh), status,
   * headers, body, age, after (ms: kept after the ttl), staleIfError (ms after the ttl it may stand in). Returns 1 when
   * kept, 0 when a tag was evicted since the lookup.
   */
  private static final RedisScript STORE = new RedisScript("""
      local since = tonumber(ARGV[1])
      for i = 2, #KEYS, 2 do
        local evicted = tonumber(redis.call('GET', KEYS[i + 1]))
        if evicted and evicted >= since then
          return 0
        end
      end
      local ttl = tonumber(ARGV[2]) + tonumber(ARGV[7])
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], 's', ARGV[3], 'h', ARGV[4], 'b', ARGV[5], 't', ARGV[2], 'a', ARGV[6], 'k', ARGV[7], 'e', ARGV[8])
      redis.call('PEXPIRE', KEYS[1], ttl)
      for i = 2, #KEYS, 2 do
        redis.call('SADD', KEYS[i], KEYS[1])
        if redis.call('PTTL', KEYS[i]) < ttl then
          redis.call('PEXPIRE', KEYS[i], ttl)
        end
        for _, member in ipairs(redis.call('SRANDMEMBER', KEYS[i], 3)) do
          if redis.call('EXISTS', member) == 0 then
            redis.call('SREM', KEYS[i], member)
          end
        end
      end
      return 1
      """);

  /** KEYS[1] the tag's set, KEYS[2] its eviction mark; ARGV[1] how long the mark is kept (ms). Returns entries deleted. */
  private static final RedisScript EVICT = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('SET', KEYS[2], string.format('%d', now), 'PX', ARGV[1])
      local deleted = 0
      for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        deleted = deleted + redis.call('DEL', member)
      end
      redis.call('DEL', KEYS[1])
      return deleted
      """);

  /**
   * What a lookup found.
   *
   * @param entry the kept answer, null on a miss
   * @param at Redis time of the lookup (ms), which an answer kept after it must not predate an eviction of its tags
   * @param fresh whether the entry is within its TTL (a hit); past it, it is only kept to be revalidated or stand in
   * @param standsIn whether, no longer fresh, it may still stand in for a failed answer of the backend
   */
  record Lookup(CachedResponse entry, long at, boolean fresh, boolean standsIn) {}

  private final Function<Request, Future<Response>> redis;
  private final CacheKeys keys;

  CacheStore(Function<Request, Future<Response>> redis, CacheKeys keys) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  Future<Lookup> lookup(String hash) {
    return LOOKUP.run(redis, List.of(keys.entry(hash)), List.of()).map(r -> {
      long now = r.get(0).toLong();
      if (r.size() == 1) {
        return new Lookup(null, now, false, false);
      }
      long pttl = r.get(1).toLong();
      long ttl = Long.parseLong(r.get(5).toString());
      long after = millis(r, 7);
      long age = Long.parseLong(r.get(6).toString()) + (pttl >= 0 ? Math.max(0, ttl + after - pttl) / 1000 : 0);
      boolean fresh = pttl < 0 || pttl > after;
      return new Lookup(new CachedResponse(Integer.parseInt(r.get(2).toString()),
          CachedResponse.headersFromJson(r.get(3).toString()), r.get(4).toBuffer(), age), now, fresh,
          !fresh && after - pttl <= millis(r, 8));
    });
  }

  /** Milliseconds at {@code index} of a lookup's reply; 0 when missing (an entry kept before the field existed). */
  private static long millis(Response reply, int index) {
    return reply.size() <= index || reply.get(index) == null ? 0 : Long.parseLong(reply.get(index).toString());
  }

  /**
   * Keeps {@code response} for its {@code lifetime} under {@code tags}; false when one of them was evicted after
   * {@code lookedUpAt}.
   */
  Future<Boolean> store(String hash, List<String> tags, long lookedUpAt, Cacheability.Lifetime lifetime,
                        CachedResponse response) {
    List<String> k = new ArrayList<>();
    k.add(keys.entry(hash));
    for (String tag : tags) {
      k.add(keys.tag(tag));
      k.add(keys.evicted(tag));
    }
    return STORE.run(redis, k, List.of(lookedUpAt, lifetime.fresh().toMillis(), response.status(), response.headersJson(),
        response.body(), response.ageSeconds(), lifetime.afterFresh().toMillis(), lifetime.staleIfError().toMillis()))
        .map(r -> r.toInteger() == 1);
  }

  /** Deletes every entry carrying {@code tag}; answers looked up before now are not kept later. Returns how many. */
  Future<Long> evict(String tag) {
    return EVICT.run(redis, List.of(keys.tag(tag), keys.evicted(tag)), List.of(EVICTION_MARK_TTL.toMillis()))
        .map(Response::toLong);
  }
}
