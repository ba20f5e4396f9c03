package dev.strangler.servicekit.events;

import dev.strangler.servicekit.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves a failing entry to its dead-letter stream ({@code <stream>:dead:<group>}) in one script: XADD of
 * the original fields plus {@code error}, {@code deliveries}, {@code sourceId}, {@code consumer} and
 * {@code failedAt}, and XACK of the original, both or neither. Only while this consumer still holds
 * the entry: one another consumer claimed meanwhile is left to it.
 */
final class DeadLetters {

  private static final LuaScript MOVE = LuaScript.of("""
      -- KEYS: stream, dead-letter stream; ARGV: group, consumer, id, then the dead-letter entry's fields and values
      local held = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
      if #held == 0 or held[1][2] ~= ARGV[2] then
        return 0
      end
      local entry = {}
      for i = 4, #ARGV do entry[#entry + 1] = ARGV[i] end
      redis.call('XADD', KEYS[2], '*', unpack(entry))
      redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
      return 1
      """);

  private final Redis redis;
  private final EventConsumerOptions options;

  DeadLetters(Redis redis, EventConsumerOptions options) {
    this.redis = redis;
    this.options = options;
  }

  /** True when moved; false when the entry is no longer this consumer's. */
  Future<Boolean> move(StreamEntry entry, String error, long deliveries) {
    List<String> args = new ArrayList<>(List.of(options.group(), options.consumer(), entry.id()));
    for (Map.Entry<String, String> field : entry.fields().entrySet()) {
      args.add(field.getKey());
      args.add(field.getValue());
    }
    args.addAll(List.of("error", error, "deliveries", Long.toString(deliveries), "sourceId", entry.id(),
        "consumer", options.consumer(), "failedAt", Instant.now().toString()));
    return MOVE.run(redis, List.of(entry.stream(), options.deadLetterStream(entry.stream())), args)
        .map(reply -> reply.toInteger() == 1);
  }
}
