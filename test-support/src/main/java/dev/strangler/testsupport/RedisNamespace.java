package dev.strangler.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.SortedSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A key prefix owned by one test. Closing it deletes the keys under the prefix and nothing else:
 * the shared server is never flushed.
 */
public final class RedisNamespace implements AutoCloseable {

  private final RedisEndpoint endpoint;
  private final String prefix;

  RedisNamespace(RedisEndpoint endpoint, String prefix) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    if (!prefix.matches("[A-Za-z0-9_.:-]+:")) {
      throw new IllegalArgumentException("prefix must be plain and end with ':' (got " + prefix + ")");
    }
    this.prefix = prefix;
  }

  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /** The prefix every key of this test starts with; it ends with {@code ':'}. */
  public String prefix() {
    return prefix;
  }

  /** {@code prefix() + name}. */
  public String key(String name) {
    return prefix + name;
  }

  /** Every key currently under the prefix, sorted. */
  public SortedSet<String> keys() {
    SortedSet<String> keys = new TreeSet<>();
    try (Jedis jedis = endpoint.connect()) {
      scan(jedis, keys::add);
    }
    return keys;
  }

  /** Deletes every key under the prefix; other keys are left alone. */
  @Override
  public void close() {
    try (Jedis jedis = endpoint.connect()) {
      List<String> batch = new ArrayList<>();
      scan(jedis, batch::add);
      for (int i = 0; i < batch.size(); i += 500) {
        List<String> part = batch.subList(i, Math.min(batch.size(), i + 500));
        jedis.del(part.toArray(String[]::new));
      }
    }
  }

  private void scan(Jedis jedis, java.util.function.Consumer<String> sink) {
    ScanParams params = new ScanParams().match(prefix + "*").count(1_000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      page.getResult().forEach(sink);
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
  }

  @Override
  public String toString() {
    return prefix + "* on " + endpoint;
  }
}
