package dev.strangler.relay;

import dev.strangler.testsupport.RedisNamespace;
import java.net.URI;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** The test's view of the event streams under its Redis namespace. */
final class TestStreams implements AutoCloseable {

  private final RedisNamespace namespace;
  private final RedisClient redis;

  TestStreams(RedisNamespace namespace) {
    this.namespace = namespace;
    this.redis = RedisClient.create(URI.create(namespace.endpoint().uri()));
  }

  RedisClient redis() {
    return redis;
  }

  String key(String aggregateType) {
    return namespace.key("events:" + aggregateType.toLowerCase());
  }

  List<StreamEntry> entries(String aggregateType) {
    return redis.xrange(key(aggregateType), (StreamEntryID) null, (StreamEntryID) null);
  }

  /** The sequence of each entry, read from its id ({@code <sequence>-0}), in stream order. */
  List<Long> ids(String aggregateType) {
    return entries(aggregateType).stream().map(e -> {
      if (e.getID().getSequence() != 0) {
        throw new AssertionError("entry id " + e.getID() + " is not <sequence>-0");
      }
      return e.getID().getTime();
    }).toList();
  }

  long length(String aggregateType) {
    return redis.exists(key(aggregateType)) ? redis.xlen(key(aggregateType)) : 0;
  }

  Map<String, String> fields(String aggregateType, long sequence) {
    return redis.xrange(key(aggregateType), new StreamEntryID(sequence, 0), new StreamEntryID(sequence, 0)).get(0).getFields();
  }

  @Override
  public void close() {
    redis.close();
  }
}
