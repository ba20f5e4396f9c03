package dev.strangler.relay.redis;

import dev.strangler.relay.outbox.OutboxRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Appends a batch of outbox rows to their streams in one fenced script: the shared wire format, the
 * explicit id {@code <sequence>-0} (with {@code correlationId} only when the row has one), a re-publish recognised as already there, a stream at its cap
 * left alone (back-pressure).
 */
public final class StreamAppender {

  private static final LuaScript APPEND = LuaScript.load("append.lua");
  private static final String ROLLED_BACK = "ROLLEDBACK";

  private final UnifiedJedis redis;
  private final RelayKeys keys;
  private final long streamCap;
  private final int replicaAcks;
  private final Duration replicaAckTimeout;

  /**
   * What became of each row handled, in order; rows past {@link #handled()} met a full stream; how many replicas
   * acknowledged the append ({@code -1}: not asked).
   */
  public record Result(List<Status> statuses, long replicasAcked) {
    public Result(List<Status> statuses) {
      this(statuses, -1);
    }

    public int handled() {
      return statuses.size();
    }

    public long count(Status status) {
      return statuses.stream().filter(status::equals).count();
    }
  }

  /** Appended now; already in the stream (a re-publish); late (below the stream's top, copied to {@code :late}). */
  public enum Status { APPENDED, DUPLICATE, LATE }

  public StreamAppender(UnifiedJedis redis, RelayKeys keys, long streamCap) {
    this(redis, keys, streamCap, 0, Duration.ZERO);
  }

  /** Waits after each append until {@code replicaAcks} replicas have it, or {@code replicaAckTimeout} passed (0: never waits). */
  public StreamAppender(UnifiedJedis redis, RelayKeys keys, long streamCap, int replicaAcks, Duration replicaAckTimeout) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.streamCap = streamCap;
    this.replicaAcks = replicaAcks;
    this.replicaAckTimeout = Objects.requireNonNull(replicaAckTimeout, "replicaAckTimeout == null");
  }

  /**
   * Appends {@code rows} under the lease {@code leaseValue}; throws {@link FencedException} when it is no longer held,
   * {@link RolledBackException} when Redis's position is below {@code expectedPosition} (-1: no check).
   */
  public Result append(List<OutboxRow> rows, String leaseValue, long expectedPosition) {
    List<String> keyList = new ArrayList<>(rows.size() + 3);
    keyList.add(keys.lease());
    keyList.add(keys.position());
    keyList.add(keys.streams());
    List<String> args = new ArrayList<>(rows.size() * 9 + 2);
    args.add(leaseValue);
    args.add(String.valueOf(streamCap));
    args.add(String.valueOf(expectedPosition));
    for (OutboxRow row : rows) {
      keyList.add(keys.stream(row.aggregateType()));
      args.add(row.sequence() + "-0");
      args.add(String.valueOf(row.sequence()));
      args.add(row.eventId());
      args.add(row.eventType());
      args.add(row.aggregateType());
      args.add(row.aggregateId());
      args.add(row.occurredAt().toString());
      args.add(row.payload());
      args.add(row.correlationId() == null ? "" : row.correlationId());
    }
    Object reply;
    long[] acked = {-1};
    try {
      reply = replicaAcks == 0 ? APPEND.run(redis, keyList, args)
          : APPEND.runAndWait(redis, keyList, args, replicaAcks, replicaAckTimeout.toMillis(), n -> acked[0] = n);
    } catch (JedisDataException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith(ROLLED_BACK)) {
        String held = message.substring(ROLLED_BACK.length()).trim();
        throw new RolledBackException(held.equals("none") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(held)),
            expectedPosition);
      }
      throw FencedException.when(e);
    }
    List<Status> statuses = new ArrayList<>(rows.size());
    for (Object code : (List<?>) reply) {
      statuses.add(Status.values()[((Long) code).intValue() - 1]);
    }
    return new Result(statuses, acked[0]);
  }

  /** The last sequence any leader appended or found appended, or -1 when none is recorded. */
  public long position() {
    String value = redis.get(keys.position());
    return value == null ? -1 : Long.parseLong(value);
  }
}
