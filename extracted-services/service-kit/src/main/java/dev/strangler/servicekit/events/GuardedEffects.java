package dev.strangler.servicekit.events;

import dev.strangler.servicekit.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an {@link EventEffect} inside the guard script: the effect only for an event whose sequence is
 * above the last one applied to its aggregate, and the guard moves in the same script.
 */
final class GuardedEffects {

  /** What the guard did with one event. */
  record Result(boolean applied, String detail) {}

  // The effect becomes a local function whose parameters shadow ARGV and KEYS: it sees its own arguments only.
  private static final String TEMPLATE = """
      -- KEYS[1]: the aggregate's guard (last applied sequence); ARGV[1]: this event's sequence; ARGV[2..]: the effect's
      local sequence = tonumber(ARGV[1])
      local last = redis.call('GET', KEYS[1])
      if last and tonumber(last) >= sequence then
        return {'skipped', last}
      end
      local args = {}
      for i = 2, #ARGV do args[i - 1] = ARGV[i] end
      local function effect(ARGV, KEYS)
      %s
      end
      local result = effect(args, {})
      redis.call('SET', KEYS[1], ARGV[1])
      return {'applied', type(result) == 'string' and result or ''}
      """;

  private final Map<String, LuaScript> wrapped = new ConcurrentHashMap<>();

  Future<Result> run(Redis redis, String guardKey, long sequence, EventEffect effect) {
    LuaScript script = wrapped.computeIfAbsent(effect.script().sha(), sha -> LuaScript.of(TEMPLATE.formatted(effect.script().source())));
    List<String> args = new ArrayList<>(effect.args().size() + 1);
    args.add(Long.toString(sequence));
    args.addAll(effect.args());
    return script.run(redis, List.of(guardKey), args).map(GuardedEffects::result);
  }

  private static Result result(Response reply) {
    String detail = reply.size() > 1 && reply.get(1) != null ? reply.get(1).toString() : "";
    return new Result("applied".equals(reply.get(0).toString()), detail);
  }
}
