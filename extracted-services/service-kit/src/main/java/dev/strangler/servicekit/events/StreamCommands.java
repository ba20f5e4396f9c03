package dev.strangler.servicekit.events;

import dev.strangler.redis.vertx.BoundedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stream commands one consumer sends; blocking reads go over a connection of its own, the rest over the pool. */
final class StreamCommands {

  /** What XINFO GROUPS and XLEN say about the group on one stream; lag may be null (Redis can't always tell). */
  record GroupInfo(Long lag, Long pending, Long length) {}

  private final BoundedRedis redis;
  private final EventConsumerOptions options;
  private final Map<String, String> claimCursors = new HashMap<>();
  private RedisConnection blocking;

  StreamCommands(Redis redis, EventConsumerOptions options) {
    // Every call bounded: a blocking read by its block time and the command timeout, the rest by the command timeout.
    this.redis = BoundedRedis.wrap(redis, EventConsumerOptions.COMMAND_TIMEOUT);
    this.options = options;
    options.streams().forEach(s -> claimCursors.put(s, "0-0"));
  }

  /** Creates the group on every stream (and the stream) where it is missing. */
  Future<Void> ensureGroups() {
    List<Future<?>> all = new ArrayList<>();
    for (String stream : options.streams()) {
      all.add(redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(options.group())
              .arg(options.startFrom().id).arg("MKSTREAM"))
          .recover(e -> String.valueOf(e.getMessage()).startsWith("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e)));
    }
    return Future.all(all).mapEmpty();
  }

  /** New entries ({@code >}), waiting up to the block time when there are none. */
  Future<List<StreamEntry>> readNew() {
    Future<RedisConnection> connection = blocking != null ? Future.succeededFuture(blocking)
        : redis.connect().onSuccess(c -> blocking = c);
    return connection.compose(c -> BoundedRedis.bounded(c.send(readGroup(">", options.block().toMillis())),
            options.block().plus(EventConsumerOptions.COMMAND_TIMEOUT)))
        .map(StreamReplies::readGroup);
  }

  /** This consumer's own pending entries (failed ones, or a previous run's under the same name), from the start. */
  Future<List<StreamEntry>> readOwnPending() {
    return redis.send(readGroup("0", 0)).map(StreamReplies::readGroup);
  }

  private Request readGroup(String id, long blockMillis) {
    Request request = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(options.group()).arg(options.consumer())
        .arg("COUNT").arg(options.batchSize());
    if (blockMillis > 0) {
      request.arg("BLOCK").arg(blockMillis);
    }
    request.arg("STREAMS");
    options.streams().forEach(request::arg);
    options.streams().forEach(s -> request.arg(id));
    return request;
  }

  /** One page of entries other consumers left pending longer than the minimum idle time, taken over. */
  Future<StreamReplies.Claimed> claim(String stream) {
    return redis.send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(options.group()).arg(options.consumer())
            .arg(options.claimMinIdle().toMillis()).arg(claimCursors.get(stream)).arg("COUNT").arg(options.batchSize()))
        .map(reply -> {
          StreamReplies.Claimed claimed = StreamReplies.autoClaim(stream, reply);
          claimCursors.put(stream, claimed.cursor());
          return claimed;
        });
  }

  /** True when any stream's claim scan has more to go. */
  boolean claimScanUnfinished() {
    return claimCursors.values().stream().anyMatch(c -> !"0-0".equals(c));
  }

  /** One XACK per stream for all of {@code entries}. */
  Future<Void> ack(List<StreamEntry> entries) {
    Map<String, Request> perStream = new HashMap<>();
    for (StreamEntry entry : entries) {
      perStream.computeIfAbsent(entry.stream(), s -> Request.cmd(Command.XACK).arg(s).arg(options.group())).arg(entry.id());
    }
    List<Future<?>> sent = new ArrayList<>();
    perStream.values().forEach(request -> sent.add(redis.send(request)));
    return Future.all(sent).mapEmpty();
  }

  /** How often the entry has been delivered (XPENDING); 0 when it is no longer pending. */
  Future<Long> deliveries(StreamEntry entry) {
    return redis.send(Request.cmd(Command.XPENDING).arg(entry.stream()).arg(options.group()).arg(entry.id()).arg(entry.id()).arg(1))
        .map(reply -> reply == null || reply.size() == 0 ? 0L : reply.get(0).get(3).toLong());
  }

  Future<GroupInfo> groupInfo(String stream) {
    return redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream)).compose(groups -> {
      Response mine = null;
      for (Response group : groups) {
        Response name = StreamReplies.field(group, "name");
        if (name != null && options.group().equals(name.toString())) {
          mine = group;
        }
      }
      Long lag = mine == null ? null : asLong(StreamReplies.field(mine, "lag"));
      Long pending = mine == null ? null : asLong(StreamReplies.field(mine, "pending"));
      return redis.send(Request.cmd(Command.XLEN).arg(stream)).map(len -> new GroupInfo(lag, pending, len.toLong()));
    });
  }

  private static Long asLong(Response r) {
    return r == null ? null : r.toLong();
  }

  /** Drops the blocking connection (after an error, or on stop). */
  void closeBlocking() {
    if (blocking != null) {
      blocking.close();
      blocking = null;
    }
  }
}
