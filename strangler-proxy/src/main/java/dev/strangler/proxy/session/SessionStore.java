package dev.strangler.proxy.session;

import dev.strangler.proxy.redis.LoopRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The monolith's sessions in Redis, read with one HMGET and touched as Spring Session does, over one connection
 * of this event loop's own ({@link LoopRedis}: requests in flight pipeline; a connection that fails or stops
 * answering is dropped and the next call opens a new one — no pause after a failure, every lookup tries). Confined
 * to one event loop.
 */
final class SessionStore {

  /**
   * Spring Session's save of a touched session (HSET lastAccessedTime, then PEXPIREAT last access + max inactive),
   * done only if the session still exists, so a logout between read and touch is never undone, and only forwards,
   * so a later access recorded by the monolith is never moved back.
   */
  static final String TOUCH_SCRIPT = """
      local last = tonumber(redis.call('HGET', KEYS[1], 'lastAccessedTime'))
      local now = tonumber(ARGV[1])
      if not last or last >= now then
        return 0
      end
      redis.call('HSET', KEYS[1], 'lastAccessedTime', ARGV[1])
      local max = tonumber(redis.call('HGET', KEYS[1], 'maxInactiveInterval'))
      if max and max >= 0 then
        redis.call('PEXPIREAT', KEYS[1], string.format('%d', now + max * 1000))
      end
      return 1
      """;

  private final LoopRedis redis;
  private final SessionOptions options;
  private final List<String> fields;

  SessionStore(Vertx vertx, SessionOptions options) {
    this.options = options;
    this.redis = new LoopRedis(vertx, options.redisUrl(), options.lookupTimeout(), Duration.ZERO);
    this.fields = StoredSession.fields(options.customerIdAttribute(), options.emailAttribute());
  }

  /** The session with {@code id}, null when there is none; fails when Redis can't answer within the lookup timeout. */
  Future<StoredSession> find(String id) {
    Request hmget = Request.cmd(Command.HMGET).arg(options.sessionKey(id));
    fields.forEach(hmget::arg);
    return send(hmget).map(reply -> {
      List<String> values = new ArrayList<>(fields.size());
      for (int i = 0; i < fields.size(); i++) {
        Response value = reply == null ? null : reply.get(i);
        values.add(value == null ? null : value.toString());
      }
      return StoredSession.parse(values);
    });
  }

  /**
   * The stored values (JSON text) of attributes {@code names} of session {@code id}, in order, null for each absent (or
   * when the session is); fails when Redis can't answer within the lookup timeout.
   */
  Future<List<String>> attributes(String id, List<String> names) {
    Request hmget = Request.cmd(Command.HMGET).arg(options.sessionKey(id));
    names.forEach(name -> hmget.arg(StoredSession.ATTRIBUTE_PREFIX + name));
    return send(hmget).map(reply -> {
      List<String> values = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        Response value = reply == null ? null : reply.get(i);
        values.add(value == null ? null : value.toString());
      }
      return values;
    });
  }

  /** Records an access at {@code nowMillis}; true when the session was moved forward. */
  Future<Boolean> touch(String id, long nowMillis) {
    return send(Request.cmd(Command.EVAL).arg(TOUCH_SCRIPT).arg(1).arg(options.sessionKey(id)).arg(nowMillis))
        .map(reply -> reply != null && reply.toInteger() == 1);
  }

  Future<Void> close() {
    return redis.close();
  }

  private Future<Response> send(Request request) {
    return redis.send(request);
  }
}
