package dev.strangler.relay.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** One of the relay's Lua scripts (a resource beside this class), run by its SHA once Redis has it. */
final class LuaScript {

  private final String source;
  private volatile String sha;

  private LuaScript(String source) {
    this.source = source;
  }

  static LuaScript load(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      Objects.requireNonNull(in, () -> "no script resource " + resource);
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    String known = sha;
    if (known != null) {
      try {
        return redis.evalsha(known, keys, args);
      } catch (JedisNoScriptException e) {
        // Redis restarted or SCRIPT FLUSH: send the source again.
      }
    }
    sha = redis.scriptLoad(source);
    return redis.evalsha(sha, keys, args);
  }
}
