// Load generator for bench/relay.sh and bench/projection.sh: inserts product events into the outbox at a
// fixed rate, each in its own transaction from a small pool of connections (so commits interleave as in a
// real application), and reads the stream with XREAD BLOCK to time commit -> appended (as a stream reader
// sees it). Every payload is the product's full state as com.acme.shop.catalog.ProductEvents writes it
// (sku, name, description, price, category, stock, updatedAt), 1,000 products in turn: ProductCreated the
// first time, then PriceChanged with a price of its own per event.
// Given a keyspace channel prefix (bench/projection.sh), it also times commit -> applied to a read model:
// it subscribes to the keyspace notifications of the consumer's guard keys (<channel prefix><sku>, one
// SET per applied event, in the same script as the projection's write), and pairs the k-th notification
// of a product with the k-th event of that product (a consumer applies one product's events in sequence
// order); a product whose count of notifications differs from its count of events is left out and counted.
// Run with the relay's shaded jar on the class path: java -cp outbox-relay.jar bench/RelayLoad.java
// Args: jdbcUrl user redisUri streamKey ratePerSecond seconds warmupSeconds synchronousCommit(on|off) [keyspaceChannelPrefix]
// -Dbench.dump=<file>: every event's times as CSV (sequence, then ms after the first commit: committed, in the
// stream, in the read model; empty when not seen), to look at lag over time.
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

public class RelayLoad {
  static final int WRITERS = 8;
  static final int PRODUCTS = 1000;
  static final String[] ADJECTIVES = {"Classic", "Compact", "Deluxe", "Heavy-Duty", "Portable", "Premium", "Rugged", "Wireless"};
  static final String[][] NOUNS = {{"audio", "Headphones", "Speaker"}, {"kitchen", "Kettle", "Knife Set"},
      {"outdoors", "Tent", "Sleeping Bag"}, {"tools", "Drill", "Spirit Level"}, {"toys", "Puzzle", "Board Game"}};
  static final String[] COLOURS = {"black", "slate grey", "forest green", "ocean blue", "crimson"};

  /** When an event's insert committed (System.nanoTime) and which product it is about. */
  record Commit(long at, int product) {}

  public static void main(String[] a) throws Exception {
    String jdbc = a[0], user = a[1], redisUri = a[2], stream = a[3];
    int rate = Integer.parseInt(a[4]), seconds = Integer.parseInt(a[5]), warmup = Integer.parseInt(a[6]);
    String synchronousCommit = a.length > 7 ? a[7] : "on";
    String channelPrefix = a.length > 8 ? a[8] : null;
    int total = rate * seconds;
    Map<Long, Commit> committed = new ConcurrentHashMap<>();
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
    ProjectionWatch watch = channelPrefix == null ? null : ProjectionWatch.start(redisUri, channelPrefix, total);

    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    AtomicInteger next = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    for (int w = 0; w < WRITERS; w++) {
      writers.submit(() -> {
        try (Connection c = DriverManager.getConnection(jdbc, user, null);
             PreparedStatement st = c.prepareStatement("insert into outbox (event_id, aggregate_type, aggregate_id, event_type,"
                 + " payload) values (?, 'Product', ?, ?, ?::jsonb) returning sequence")) {
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
            int product = i % PRODUCTS;
            st.setObject(1, UUID.randomUUID());
            st.setString(2, sku(product));
            st.setString(3, i < PRODUCTS ? "ProductCreated" : "PriceChanged");
            st.setString(4, payload(i));
            try (ResultSet rs = st.executeQuery()) {
              rs.next();
              committed.put(rs.getLong(1), new Commit(System.nanoTime(), product)); // autocommit: committed when it returns
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
    List<Long> measured = committed.keySet().stream().sorted().skip(warmupCount).toList();
    long missing = measured.stream().filter(s -> !seenAt.containsKey(s)).count();
    double[] lags = measured.stream().filter(seenAt::containsKey)
        .mapToDouble(s -> (seenAt.get(s) - committed.get(s).at()) / 1e6).sorted().toArray();
    System.out.printf("writers' synchronous_commit %s: inserted %d rows (%d failed writers), achieved %.0f rows/s; measured %d after"
        + " %d s warm-up, %d not seen%n", synchronousCommit, committed.size(), failures.get(), achieved, measured.size(), warmup, missing);
    System.out.println("commit->stream lag ms:     " + summary(lags));
    long origin = committed.values().stream().mapToLong(Commit::at).min().orElse(0);
    System.out.println("  max per 5 s of the run:  " + windows(committed, seenAt, origin));
    Map<Long, Long> projectedAt = watch == null ? Map.of() : watch.report(committed, seenAt, measured);
    String dump = System.getProperty("bench.dump");
    if (dump != null) {
      dump(Path.of(dump), committed, seenAt, projectedAt);
    }
  }

  static void dump(Path file, Map<Long, Commit> committed, Map<Long, Long> seenAt, Map<Long, Long> projectedAt) throws Exception {
    long origin = committed.values().stream().mapToLong(Commit::at).min().orElse(0);
    try (PrintWriter out = new PrintWriter(file.toFile(), "UTF-8")) {
      out.println("sequence,committed_ms,stream_ms,projected_ms");
      for (long s : committed.keySet().stream().sorted().toList()) {
        out.printf(Locale.ROOT, "%d,%.3f,%s,%s%n", s, (committed.get(s).at() - origin) / 1e6, ms(seenAt.get(s), origin),
            ms(projectedAt.get(s), origin));
      }
    }
  }

  static String ms(Long nanos, long origin) {
    return nanos == null ? "" : String.format(Locale.ROOT, "%.3f", (nanos - origin) / 1e6);
  }

  static String sku(int product) {
    return String.format(Locale.ROOT, "ACME-%05d", product + 1);
  }

  /** Event i's payload: its product's full state, with a price no other event has. */
  static String payload(int i) {
    int p = i % PRODUCTS;
    String adjective = ADJECTIVES[p % ADJECTIVES.length];
    String[] category = NOUNS[(p / ADJECTIVES.length) % NOUNS.length];
    String noun = category[1 + p % 2];
    String price = price(1000 + i);
    return "{\"sku\":\"" + sku(p) + "\",\"name\":\"" + adjective + " " + noun + " " + (char) ('A' + p % 26) + (100 + p % 900)
        + "\",\"description\":\"A " + adjective.toLowerCase(Locale.ROOT) + " " + noun.toLowerCase(Locale.ROOT) + " in "
        + COLOURS[p % COLOURS.length] + ", made of recycled aluminium. Built to last.\",\"price\":" + price
        + ",\"category\":\"" + category[0] + "\",\"stock\":" + (p % 10 == 0 ? 0 : 1 + p % 200)
        + ",\"updatedAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\""
        + (i < PRODUCTS ? "" : ",\"previousPrice\":" + price(1000 + i - PRODUCTS)) + "}";
  }

  static String price(int cents) {
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
  }

  static String summary(double[] sorted) {
    if (sorted.length == 0) {
      return "no samples";
    }
    return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f  (%d events)",
        pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted[sorted.length - 1],
        Arrays.stream(sorted).average().orElse(0), sorted.length);
  }

  /** The largest lag (ms) of the events committed in each 5 s of the run, warm-up included: shows when it settled. */
  static String windows(Map<Long, Commit> committed, Map<Long, Long> seenAt, long origin) {
    Map<Integer, Double> max = new java.util.TreeMap<>();
    committed.forEach((s, c) -> {
      if (seenAt.containsKey(s)) {
        max.merge((int) ((c.at() - origin) / 5_000_000_000L), (seenAt.get(s) - c.at()) / 1e6, Math::max);
      }
    });
    StringBuilder out = new StringBuilder();
    max.values().forEach(v -> out.append(String.format(Locale.ROOT, "%.0f ", v)));
    return out.toString().trim();
  }

  static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  /** Receives the keyspace notifications of the read model's guard keys on a connection of its own. */
  static final class ProjectionWatch extends JedisPubSub {
    private final int prefixLength;
    private final int expected;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    // Written by the subscriber thread only, read after it ended (join).
    private final Map<String, List<Long>> appliedAt = new HashMap<>();
    private int received;
    private Thread thread;
    private RedisClient client;

    private ProjectionWatch(String channelPrefix, int expected) {
      this.prefixLength = channelPrefix.length();
      this.expected = expected;
    }

    static ProjectionWatch start(String redisUri, String channelPrefix, int expected) throws InterruptedException {
      ProjectionWatch watch = new ProjectionWatch(channelPrefix, expected);
      watch.client = RedisClient.create(URI.create(redisUri));
      watch.thread = Thread.ofPlatform().start(() -> watch.client.psubscribe(watch, channelPrefix + "*"));
      if (!watch.subscribed.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no keyspace subscription within 10 s");
      }
      return watch;
    }

    @Override
    public void onPSubscribe(String pattern, int subscribedChannels) {
      subscribed.countDown();
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
      long now = System.nanoTime();
      if ("set".equals(message)) {
        appliedAt.computeIfAbsent(channel.substring(prefixLength), k -> new ArrayList<>()).add(now);
        if (++received >= expected) {
          punsubscribe();
        }
      }
    }

    /** Prints the figures; returns when each event was seen applied, by sequence. */
    Map<Long, Long> report(Map<Long, Commit> committed, Map<Long, Long> streamSeenAt, List<Long> measured) throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      if (thread.isAlive()) {
        punsubscribe();
        thread.join(TimeUnit.SECONDS.toMillis(5));
      }
      client.close();
      Map<Integer, List<Long>> sequencesByProduct = new HashMap<>();
      committed.keySet().stream().sorted()
          .forEach(s -> sequencesByProduct.computeIfAbsent(committed.get(s).product(), k -> new ArrayList<>()).add(s));
      Map<Long, Long> projectedAt = new HashMap<>();
      int mismatched = 0;
      for (var e : sequencesByProduct.entrySet()) {
        List<Long> applied = appliedAt.getOrDefault(sku(e.getKey()), List.of());
        if (applied.size() != e.getValue().size()) {
          mismatched++;
          continue;
        }
        for (int k = 0; k < applied.size(); k++) {
          projectedAt.put(e.getValue().get(k), applied.get(k));
        }
      }
      double[] lags = measured.stream().filter(projectedAt::containsKey)
          .mapToDouble(s -> (projectedAt.get(s) - committed.get(s).at()) / 1e6).sorted().toArray();
      double[] share = measured.stream().filter(s -> projectedAt.containsKey(s) && streamSeenAt.containsKey(s))
          .mapToDouble(s -> (projectedAt.get(s) - streamSeenAt.get(s)) / 1e6).sorted().toArray();
      System.out.printf("read model: %d guard notifications for %d events; %d products' counts differ (their events left out);"
          + " %d measured events not projected%n", received, committed.size(), mismatched,
          measured.stream().filter(s -> !projectedAt.containsKey(s)).count());
      System.out.println("commit->projection lag ms: " + summary(lags));
      System.out.println("  max per 5 s of the run:  "
          + windows(committed, projectedAt, committed.values().stream().mapToLong(Commit::at).min().orElse(0)));
      System.out.println("stream->projection ms:     " + summary(share) + "  (the consumer's share, per event)");
      return projectedAt;
    }
  }
}
