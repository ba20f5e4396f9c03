package dev.strangler.proxy.ratelimit;

import dev.strangler.proxy.redis.RedisScript;
import dev.strangler.proxy.route.RateLimitPolicy;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.Function;

/**
 * The generic cell rate algorithm in one Lua script on Redis's own clock ({@code TIME}), so every proxy instance
 * shares one limit and no proxy's clock matters. Per key it keeps one number, the theoretical arrival time (TAT) of
 * the next request at the steady rate; a request passes while the TAT is at most {@code (burst - 1)} intervals ahead.
 */
final class Gcra {

  /** KEYS[1] the limit; ARGV interval (µs), burst. Returns allowed (1/0), remaining, retry after (µs), reset (µs). */
  static final RedisScript SCRIPT = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local interval = tonumber(ARGV[1])
      local tolerance = (tonumber(ARGV[2]) - 1) * interval
      local tat = tonumber(redis.call('GET', KEYS[1]))
      if not tat or tat < now then
        tat = now
      end
      if tat - now > tolerance then
        return {0, 0, tat - tolerance - now, tat - now}
      end
      local after = tat + interval
      redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000))
      return {1, math.floor((tolerance - (after - now)) / interval) + 1, 0, after - now}
      """);

  /**
   * One request's outcome.
   *
   * @param remaining requests that could still pass at once
   * @param retryAfterMicros when refused, how long until one would pass
   * @param resetMicros how long until the full burst is available again
   */
  record Verdict(boolean allowed, long remaining, long retryAfterMicros, long resetMicros) {}

  private Gcra() {}

  static Future<Verdict> check(Function<Request, Future<Response>> redis, String key, RateLimitPolicy policy) {
    return SCRIPT.run(redis, List.of(key), List.of(policy.rate().intervalMicros(), (long) policy.burst()))
        .map(r -> new Verdict(r.get(0).toInteger() == 1, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong()));
  }
}
