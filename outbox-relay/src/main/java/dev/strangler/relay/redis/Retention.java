package dev.strangler.relay.redis;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Keeps the event streams short without losing an event: each is trimmed only below its safe trim
 * point (see {@code trim.lua}), computed atomically from every consumer group. Redis 7.0's MAXLEN and
 * MINID alone would delete entries still pending in a group.
 */
public final class Retention {

  private static final LuaScript TRIM = LuaScript.load("trim.lua");

  private final UnifiedJedis redis;
  private final RelayKeys keys;
  private final Set<String> streams = new ConcurrentSkipListSet<>();

  /** One stream after a trim: entries removed, entries left, and the safe trim point ({@code ""}: none, nothing trimmed). */
  public record Trim(String stream, long trimmed, long length, String safePoint) {}

  public Retention(UnifiedJedis redis, RelayKeys keys) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  /**
   * Finds the event streams this relay appended to before (a new leader's first step): the set the append script keeps,
   * one key beside the streams, where a keyspace {@code SCAN} would see one node of a Cluster only.
   */
  public void discover() {
    streams.addAll(redis.smembers(keys.streams()));
  }

  /** Remembers a stream the relay appended to. */
  public void track(String stream) {
    streams.add(stream);
  }

  /**
   * Trims every known stream under the lease {@code leaseValue}, never at or above {@code firstUnmarked}
   * (the lowest sequence that may still be unmarked in the outbox).
   */
  public List<Trim> trimAll(String leaseValue, long firstUnmarked) {
    return streams.stream().map(stream -> trim(stream, leaseValue, firstUnmarked)).toList();
  }

  private Trim trim(String stream, String leaseValue, long firstUnmarked) {
    List<?> reply;
    try {
      reply = (List<?>) TRIM.run(redis, List.of(keys.lease(), stream), List.of(leaseValue, firstUnmarked + "-0"));
    } catch (JedisDataException e) {
      throw FencedException.when(e);
    }
    return new Trim(stream, (Long) reply.get(0), (Long) reply.get(1), String.valueOf(reply.get(2)));
  }
}
