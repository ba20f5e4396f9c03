package dev.strangler.relay.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
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

  /**
   * Runs the script, then {@code WAIT replicas timeoutMillis} on the same connection (a pipeline: WAIT counts the
   * replicas that have the writes of its own connection); {@code acked} gets how many acknowledged.
   */
  Object runAndWait(UnifiedJedis redis, List<String> keys, List<String> args, int replicas, long timeoutMillis,
      LongConsumer acked) {
    if (sha == null) {
      sha = redis.scriptLoad(source);
    }
    for (int attempt = 0; ; attempt++) {
      Response<Object> reply;
      Response<Long> acks;
      try (AbstractPipeline pipeline = redis.pipelined()) {
        reply = pipeline.evalsha(sha, keys, args);
        acks = pipeline.waitReplicas(keys.get(0), replicas, timeoutMillis);
      }
      try {
        Object result = reply.get();
        acked.accept(acks.get());
        return result;
      } catch (JedisDataException e) {
        if (attempt > 0 || !String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
          throw e;
        }
        sha = redis.scriptLoad(source);
      }
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
