package dev.strangler.servicekit.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A Lua script run by its SHA, sent whole only when Redis doesn't know it yet (after a restart or flush). */
public final class LuaScript {

  private final String source;
  private final String sha;

  private LuaScript(String source) {
    this.source = Objects.requireNonNull(source, "source == null");
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static LuaScript of(String source) {
    return new LuaScript(source);
  }

  /** Concatenates class-path resources next to {@code anchor}, e.g. a shared prelude and the script. */
  public static LuaScript load(Class<?> anchor, String... resources) {
    StringBuilder source = new StringBuilder();
    for (String resource : resources) {
      try (InputStream in = anchor.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " missing from the classpath next to " + anchor.getName());
        }
        source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LuaScript(source.toString());
  }

  public String source() {
    return source;
  }

  public String sha() {
    return sha;
  }

  /** Runs the script with no keys declared and {@code args} as ARGV: a Cluster client sends it to any node, so declare a key there. */
  public Future<Response> run(Redis redis, List<String> args) {
    return run(redis, List.of(), args);
  }

  /** Runs the script with {@code keys} as KEYS and {@code args} as ARGV. */
  public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT")
        ? redis.send(request(Command.EVAL, source, keys, args))
        : Future.failedFuture(e));
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }
}
