package dev.strangler.proxy.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so the hot path doesn't send its text with every call; a Redis that
 * doesn't know it yet (restarted, flushed) gets it once with {@code EVAL}, which also caches it there.
 */
public final class RedisScript {

  private final String source;
  private final String sha;

  public RedisScript(String source) {
    this.source = Objects.requireNonNull(source, "source == null");
    this.sha = sha1(source);
  }

  /**
   * Runs the script with {@code keys} and {@code args} (each a String, a Number or a Buffer) through {@code send}.
   */
  public Future<Response> run(Function<Request, Future<Response>> send, List<String> keys, List<?> args) {
    return send.apply(request(Command.EVALSHA, sha, keys, args)).recover(failure -> {
      String message = failure.getMessage();
      if (message != null && message.startsWith("NOSCRIPT")) {
        return send.apply(request(Command.EVAL, source, keys, args));
      }
      return Future.failedFuture(failure);
    });
  }

  private static Request request(Command command, String script, List<String> keys, List<?> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    for (Object arg : args) {
      switch (arg) {
        case Buffer b -> request.arg(b);
        case Long l -> request.arg(l);
        case Integer i -> request.arg(i);
        default -> request.arg(String.valueOf(arg));
      }
    }
    return request;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
