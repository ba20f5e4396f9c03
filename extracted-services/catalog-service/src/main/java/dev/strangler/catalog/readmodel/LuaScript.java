package dev.strangler.catalog.readmodel;

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

/** A Lua script run by its SHA, sent whole only when Redis doesn't know it yet (after a restart or flush). */
final class LuaScript {

  private final String source;
  private final String sha;

  private LuaScript(String source) {
    this.source = source;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Concatenates class-path resources next to this class, e.g. a shared prelude and the script. */
  static LuaScript load(String... resources) {
    StringBuilder source = new StringBuilder();
    for (String resource : resources) {
      try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " missing from the classpath");
        }
        source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LuaScript(source.toString());
  }

  Future<Response> run(Redis redis, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, args)).recover(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT")
        ? redis.send(request(Command.EVAL, source, args))
        : Future.failedFuture(e));
  }

  private static Request request(Command command, String script, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(0);
    args.forEach(request::arg);
    return request;
  }
}
