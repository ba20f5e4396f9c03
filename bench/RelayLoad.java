// Load generator for bench/relay.sh: inserts outbox rows at a fixed rate, each in its own
// transaction from a small pool of connections (so commits interleave as in a real application),
// and reads the stream with XREAD BLOCK to time commit -> appended (as seen by a stream reader).
// Run with the relay's shaded jar on the class path: java -cp outbox-relay.jar bench/RelayLoad.java
// Args: jdbcUrl user redisUri streamKey ratePerSecond seconds warmupSeconds synchronousCommit(on|off)
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

public class RelayLoad {
  static final int WRITERS = 8;

  public static void main(String[] a) throws Exception {
    String jdbc = a[0], user = a[1], redisUri = a[2], stream = a[3];
    int rate = Integer.parseInt(a[4]), seconds = Integer.parseInt(a[5]), warmup = Integer.parseInt(a[6]);
    String synchronousCommit = a.length > 7 ? a[7] : "on";
    int total = rate * seconds;
    Map<Long, Long> committedAt = new ConcurrentHashMap<>();
    Map<Long, Long> seenAt = new ConcurrentHashMap<>();
    AtomicLong failures = new AtomicLong();

    RedisClient redis = RedisClient.create(URI.create(redisUri));
    Thread reader = Thread.ofPlatform().start(() -> {
      StreamEntryID last = StreamEntryID.XREAD_NEW_ENTRY;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30L);
      while (seenAt.size() < total && System.nanoTime() < deadline) {
        var reply = redis.xread(XReadParams.xReadParams().block(500).count(1000), Map.of(stream, last));
        long now = System.nanoTime();
        if (reply == null) {
          continue;
        }
        for (StreamEntry e : reply.get(0).getValue()) {
          seenAt.put(e.getID().getTime(), now);
          last = e.getID();
        }
      }
    });

    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    AtomicInteger next = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    for (int w = 0; w < WRITERS; w++) {
      writers.submit(() -> {
        try (Connection c = DriverManager.getConnection(jdbc, user, null);
             PreparedStatement st = c.prepareStatement("insert into outbox (event_id, aggregate_type, aggregate_id, event_type,"
                 + " payload) values (?, 'Product', ?, 'PriceChanged', ?::jsonb) returning sequence")) {
          try (var set = c.createStatement()) {
            // off: the writers' commits no longer wait for the disk, which leaves the relay's own latency
            set.execute("set synchronous_commit to " + ("off".equals(synchronousCommit) ? "off" : "on"));
          }
          int i;
          while ((i = next.getAndIncrement()) < total) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            st.setObject(1, UUID.randomUUID());
            st.setString(2, "ACME-" + (i % 1000));
            st.setString(3, "{\"sku\":\"ACME-" + (i % 1000) + "\",\"name\":\"Bench product\",\"price\":19.99,\"stock\":7}");
            try (ResultSet rs = st.executeQuery()) {
              rs.next();
              committedAt.put(rs.getLong(1), System.nanoTime()); // autocommit: committed when the statement returns
            }
          }
        } catch (Exception e) {
          failures.incrementAndGet();
          e.printStackTrace();
        }
        return null;
      });
    }
    writers.shutdown();
    writers.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    double achieved = total / ((System.nanoTime() - start) / 1e9);
    reader.join(TimeUnit.SECONDS.toMillis(40));
    redis.close();

    long warmupCount = (long) rate * warmup;
    List<Long> measured = committedAt.keySet().stream().sorted().skip(warmupCount).toList();
    long missing = measured.stream().filter(s -> !seenAt.containsKey(s)).count();
    double[] lags = measured.stream().filter(seenAt::containsKey)
        .mapToDouble(s -> (seenAt.get(s) - committedAt.get(s)) / 1e6).sorted().toArray();
    System.out.printf("writers' synchronous_commit %s: inserted %d rows (%d failed writers), achieved %.0f rows/s; measured %d after"
        + " %d s warm-up, %d not seen%n", synchronousCommit, committedAt.size(), failures.get(), achieved, measured.size(), warmup, missing);
    System.out.printf("commit->stream lag ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f%n",
        pct(lags, 50), pct(lags, 90), pct(lags, 99), pct(lags, 99.9), lags[lags.length - 1], Arrays.stream(lags).average().orElse(0));
  }

  static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }
}
