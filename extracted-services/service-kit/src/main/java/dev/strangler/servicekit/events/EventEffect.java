package dev.strangler.servicekit.events;

import dev.strangler.servicekit.redis.LuaScript;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Objects;

/**
 * What applying one event does to the handler's Redis: a Lua script and its arguments (ARGV), run in one
 * script together with the aggregate's applied-sequence guard, so the effect and the "applied" mark are
 * recorded together or not at all. The script gets no KEYS (name keys in arguments, on one Redis). A script
 * that fails half-way keeps its earlier writes (Redis does not roll back), so check before writing.
 */
public record EventEffect(LuaScript script, List<String> args) {

  private static final EventEffect NONE = new EventEffect(LuaScript.of("return 'none'"), List.of());
  private static final LuaScript COMMANDS = LuaScript.of(
      "for _, c in ipairs(cjson.decode(ARGV[1])) do redis.call(unpack(c)) end\nreturn 'commands'");

  public EventEffect {
    Objects.requireNonNull(script, "script == null");
    args = List.copyOf(args);
  }

  public static EventEffect script(LuaScript script, List<String> args) {
    return new EventEffect(script, args);
  }

  /** Nothing to change (an event type the service doesn't need); the event still counts as applied. */
  public static EventEffect none() {
    return NONE;
  }

  /** Plain Redis commands, e.g. {@code List.of("HSET", key, field, value)}, run in order in the same script. */
  public static EventEffect commands(List<List<String>> commands) {
    JsonArray all = new JsonArray();
    commands.forEach(c -> all.add(new JsonArray(List.copyOf(c))));
    return new EventEffect(COMMANDS, List.of(all.encode()));
  }
}
