package dev.strangler.proxy.idempotency;

import dev.strangler.proxy.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Idempotency entries in Redis, one hash each: {@code state} ({@code p} in progress, {@code c} completed, {@code x}
 * completed but not replayable), the request's {@code fingerprint}, the claiming request's {@code token}, and once
 * completed the response's {@code status}, {@code headers} and {@code body}. Every change is one Lua script, so two
 * proxies racing on one key see one winner.
 */
final class IdempotencyStore {

  /** What a claim found. */
  sealed interface Claim {
    /** Nobody had the key: this request runs, and must complete or release the entry with {@code token}. */
    record Claimed(String token) implements Claim {}

    /** A first request with this key and fingerprint completed: answer with its response. */
    record Replay(StoredAnswer answer) implements Claim {}

    /** A first request with this key and fingerprint is still running. */
    record InProgress() implements Claim {}

    /** A first request with this key completed, but its response was too large to keep. */
    record Unreplayable() implements Claim {}

    /** The key was used for a different request (method, URI or body). */
    record Mismatch() implements Claim {}
  }

  private static final RedisScript CLAIM = new RedisScript("""
      local state = redis.call('HGET', KEYS[1], 'state')
      if not state then
        redis.call('HSET', KEYS[1], 'state', 'p', 'fingerprint', ARGV[1], 'token', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {'claimed'}
      end
      if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[1] then
        return {'mismatch'}
      end
      if state == 'p' then
        return {'progress'}
      end
      if state == 'x' then
        return {'unreplayable'}
      end
      local kept = redis.call('HMGET', KEYS[1], 'status', 'headers', 'body')
      return {'done', kept[1], kept[2], kept[3]}
      """);
  /** Completes an entry this request still holds; an entry lost meanwhile (expired, re-claimed) is left alone. */
  private static final RedisScript COMPLETE = new RedisScript("""
      if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'p' then
        return 0
      end
      redis.call('HSET', KEYS[1], 'state', ARGV[2], 'status', ARGV[3], 'headers', ARGV[4], 'body', ARGV[5])
      redis.call('PEXPIRE', KEYS[1], ARGV[6])
      return 1
      """);
  private static final RedisScript RELEASE = new RedisScript("""
      if redis.call('HGET', KEYS[1], 'token') == ARGV[1] and redis.call('HGET', KEYS[1], 'state') == 'p' then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """);

  private final Function<Request, Future<Response>> send;

  IdempotencyStore(Function<Request, Future<Response>> send) {
    this.send = Objects.requireNonNull(send, "send == null");
  }

  /** Claims {@code entry} for a request with {@code fingerprint} for {@code lock}, or says what holds it. */
  Future<Claim> claim(String entry, String fingerprint, String token, Duration lock) {
    return CLAIM.run(send, List.of(entry), List.of(fingerprint, token, lock.toMillis())).map(r -> switch (r.get(0).toString()) {
      case "claimed" -> new Claim.Claimed(token);
      case "mismatch" -> new Claim.Mismatch();
      case "progress" -> new Claim.InProgress();
      case "unreplayable" -> new Claim.Unreplayable();
      default -> new Claim.Replay(StoredAnswer.of(r.get(1).toInteger(), r.get(2).toString(), r.get(3).toBuffer()));
    });
  }

  /** Keeps {@code answer} for retries for {@code ttl}; false when the claim was lost meanwhile. */
  Future<Boolean> complete(String entry, String token, StoredAnswer answer, Duration ttl) {
    return COMPLETE.run(send, List.of(entry),
        List.of(token, "c", answer.status(), answer.headersJson(), answer.body(), ttl.toMillis())).map(r -> r.toInteger() == 1);
  }

  /** Marks the request done without a response to replay (it was too large to keep): retries get a 409, never a rerun. */
  Future<Boolean> completeUnreplayable(String entry, String token, int status, Duration ttl) {
    return COMPLETE.run(send, List.of(entry), List.of(token, "x", status, "[]", Buffer.buffer(), ttl.toMillis()))
        .map(r -> r.toInteger() == 1);
  }

  /** Lets go of a claim whose request failed, so a retry runs; a claim lost meanwhile is left alone. */
  Future<Void> release(String entry, String token) {
    return RELEASE.run(send, List.of(entry), List.of(token)).mapEmpty();
  }
}
